/**
 * Errors raised by the numeric analysis functions. They are CityscoreErrors (exit code 2: the
 * command could not do its job) and carry the 0-based index of the criterion, row or judgement
 * concerned, so that a caller can replace the index by an indicator code in its own message.
 */
import { CityscoreError } from '../../errors.js';

/** `ANALYSIS_INPUT`: malformed input (shape, NaN, sign). `ANALYSIS_UNDEFINED`: the method's result is undefined for this data. */
export type AnalysisErrorCode = 'ANALYSIS_INPUT' | 'ANALYSIS_UNDEFINED';

export class AnalysisError extends CityscoreError {
  /** 0-based index of the criterion (column) concerned, when there is one. */
  readonly index: number | undefined;

  constructor(code: AnalysisErrorCode, message: string, index?: number) {
    super(code, message, { exitCode: 2 });
    this.name = 'AnalysisError';
    this.index = index;
  }
}

export function inputError(message: string, index?: number): AnalysisError {
  return new AnalysisError('ANALYSIS_INPUT', message, index);
}

export function undefinedError(message: string, index?: number): AnalysisError {
  return new AnalysisError('ANALYSIS_UNDEFINED', message, index);
}

/** `criterion index 2` or `criterion index 2 ("GDP")` when labels are given. */
export function criterionName(j: number, labels?: readonly string[]): string {
  const label = labels?.[j];
  return label === undefined ? `criterion index ${j}` : `criterion index ${j} (${JSON.stringify(label)})`;
}
