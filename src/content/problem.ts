/**
 * The one shape every stage of reading a source file reports a problem in: decoding, front
 * matter, parsing, rendering, validation and the import's own checks. The importer prints it as
 * "file:line  field: message", so an editor can jump to the line and knows what was expected.
 */

export interface Problem {
  /** 1-based line in the source file, when the problem is tied to one. */
  line?: number;
  /** What is wrong, as the editor names it ("title", "score.quality", "encoding"). */
  field: string;
  /** What was found and what was expected. */
  message: string;
}
