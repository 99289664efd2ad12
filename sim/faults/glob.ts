/**
 * Path patterns of `pathMatch`. A pattern without `*` or `?` matches any path that contains it (a
 * substring, so `.tmp-` or `/wal/` work as they read). With wildcards it is a glob: `*` is any run
 * of characters other than `/`, `**` any run including `/`, `?` one character other than `/`; a
 * glob without `/` is matched against the file's name (`*.log`), one with `/` against the whole
 * path (`/data/**\/*.log`).
 */

export type PathMatcher = (path: string) => boolean;

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`);
}

export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

export function compilePathPattern(pattern: string): PathMatcher {
  if (!isGlob(pattern)) return (path) => path.includes(pattern);
  const regExp = globToRegExp(pattern);
  if (pattern.includes('/')) return (path) => regExp.test(path);
  return (path) => regExp.test(path.slice(path.lastIndexOf('/') + 1));
}
