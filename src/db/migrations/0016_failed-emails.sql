-- Every administration page counts the partnership's emails the dispatcher gave up on, and the
-- outbox lists them newest first when filtered to them. Once the scanner has written its
-- hundreds of thousands of messages, the outbox index (every message of the partnership) is too
-- much to walk for a handful of failures: this index holds the failures alone.
CREATE INDEX messages_failed ON messages (partnership_id, created_at DESC NULLS LAST, id DESC NULLS LAST)
  WHERE delivery = 'failed';
