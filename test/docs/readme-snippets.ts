/** The README's merchant snippets, as files: each fenced block whose first code line names its file. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** Each fenced block of `language` whose first code line names its file (`// x.php`, `# x.py`). */
export function snippets(language: 'php' | 'python'): Map<string, string> {
  const files = new Map<string, string>();
  for (const match of README.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))) {
    const code = match[1]!;
    const name = /^(?:<\?php\n)?(?:\/\/|#) ([\w.]+\.(?:php|py))\b/.exec(code)?.[1];
    if (name) files.set(name, code);
  }
  return files;
}
