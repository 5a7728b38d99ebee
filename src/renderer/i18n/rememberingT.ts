// i18next's `t` resolves the key, picks the plural form and interpolates on every call: a tenth of a
// millisecond or so each. A virtualised table asks for the same words in every row ("Project",
// "Running", "Logs", "as of 5 minutes ago"), a few hundred calls in the render that shows the
// first rows, so the table asks once per key and values and remembers the answer.
import type { TFunction } from 'i18next';

/** Above this many answers the memory starts over: rows come and go, their names with them. */
const MAX_ANSWERS = 2_000;

/**
 * `t` with its answers remembered. Make a new one whenever `t` changes (a language switch gives a
 * new `t`), so no answer outlives the language it was given in.
 */
export function rememberingT(t: TFunction): TFunction {
  const answers = new Map<string, string>();
  const remembered = (key: string, options?: Record<string, unknown>): string => {
    const id = options === undefined ? key : `${key}\u0000${JSON.stringify(options)}`;
    let answer = answers.get(id);
    if (answer === undefined) {
      answer = String((t as (key: string, options?: Record<string, unknown>) => unknown)(key, options));
      if (answers.size >= MAX_ANSWERS) answers.clear();
      answers.set(id, answer);
    }
    return answer;
  };
  return remembered as unknown as TFunction;
}
