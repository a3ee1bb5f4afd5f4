-- Placeholder: this migration's statements are being written.
SELECT 1;
