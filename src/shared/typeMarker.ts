/** A value-level marker for a type: it carries the type, never a runtime value. */
export function type<T>(): T {
  return undefined as unknown as T;
}
