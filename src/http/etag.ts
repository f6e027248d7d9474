/**
 * Whether an If-None-Match header names `etag`, by the weak comparison RFC 9110 §13.1.2 asks for
 * (`W/` is ignored on both sides; `*` matches anything). Node gives a repeated header as an array.
 */
export function matchesEtag(ifNoneMatch: string | readonly string[] | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) {
    return false;
  }
  const bare = etag.replace(/^W\//, '');
  const candidates = typeof ifNoneMatch === 'string' ? ifNoneMatch.split(',') : ifNoneMatch.flatMap((value) => value.split(','));
  return candidates.some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value.replace(/^W\//, '') === bare;
  });
}
