// `helm template` prints each rendered document as `---`, then `# Source: <chart>/templates/<file>`,
// then the document (helm pkg/action/action.go, renderResources: "---\n# Source: %s\n%s\n").
// Findings in such a document name that file, with lines counted from the line after the comment.

/** Where one document of a stream came from: lines from `firstLine` (0-based in the stream) on. */
interface SourceSegment {
  readonly firstLine: number;
  readonly file: string;
}

const SOURCE_COMMENT = /^# Source: (.+?)\s*$/;
const DOCUMENT_START = /^---(\s|$)/;

/** A stream's documents by the file their `# Source:` comment names; other documents keep `fallback`. */
export class RenderedSources {
  private readonly segments: SourceSegment[] = [];

  constructor(
    text: string,
    private readonly fallback: string,
  ) {
    const lines = text.split('\n');
    let documentStart = 0;
    for (const [index, line] of lines.entries()) {
      if (DOCUMENT_START.test(line)) {
        documentStart = index + 1;
        this.segments.push({ firstLine: index, file: fallback });
        continue;
      }
      const source = SOURCE_COMMENT.exec(line.replace(/\r$/, ''));
      if (source && lines.slice(documentStart, index).every((before) => before.trim() === '')) {
        this.segments.push({ firstLine: index + 1, file: source[1] });
      }
    }
  }

  /** The file and the 0-based line in it of a 0-based line of the stream. */
  locate(line: number): { file: string; line: number } {
    let segment: SourceSegment | undefined;
    for (const candidate of this.segments) if (candidate.firstLine <= line) segment = candidate;
    if (!segment || segment.file === this.fallback) return { file: this.fallback, line };
    return { file: segment.file, line: line - segment.firstLine };
  }
}
