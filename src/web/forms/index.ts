// Reading GOV.UK forms: text with limits, radios and checkboxes with known values, dates and
// times, each with the Design System's error messages. Shared by every form in Resolve.
export {
  type ChoiceResult,
  type ChoiceRule,
  type ChoicesResult,
  readChoice,
  readChoices,
} from "./choice.ts";
export {
  DATE_PARTS,
  type DateBound,
  type DateError,
  type DateInputView,
  type DatePart,
  type DateResult,
  type DateRule,
  dateFields,
  dateInputView,
  readDate,
} from "./date.ts";
export {
  cleanText,
  echo,
  type Fields,
  fieldsOf,
  formatCount,
  many,
  sentenceCase,
  single,
} from "./fields.ts";
export { FormReader } from "./form-reader.ts";
export { readText, TEXT_LIMIT, type TextResult, type TextRule } from "./text.ts";
export {
  londonInstant,
  readTime,
  TIME_PARTS,
  type TimeError,
  type TimePart,
  type TimeResult,
  type TimeRule,
  timeInputView,
} from "./time.ts";
