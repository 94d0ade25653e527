/** The README's merchant snippets, as files: each fenced block whose first code line names its file. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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

export interface VerifyCase {
  body: string;
  header: string | null;
  secret: string;
  now: number;
}

/**
 * Runs the README's verifier function (written into `dir` from `snippets`) over `cases` in the
 * language's own interpreter; one boolean each.
 */
export function verifyWith(language: 'php' | 'python', dir: string, cases: VerifyCase[]): boolean[] {
  writeFileSync(path.join(dir, 'cases.json'), JSON.stringify(cases));
  const output =
    language === 'php'
      ? execFileSync(
          'php',
          [
            '-r',
            'require "ogone_checkout_verify.php"; $out = []; foreach (json_decode(file_get_contents("cases.json"), true) as $c) $out[] = ogone_checkout_verify($c["body"], $c["header"], $c["secret"], 300, $c["now"]); echo json_encode($out);',
          ],
          { cwd: dir, encoding: 'utf8' },
        )
      : execFileSync(
          'python3',
          [
            '-c',
            'import json; from ogone_checkout_verify import ogone_checkout_verify as v; print(json.dumps([v(c["body"].encode(), c["header"], c["secret"], 300, c["now"]) for c in json.load(open("cases.json", encoding="utf-8"))]))',
          ],
          { cwd: dir, encoding: 'utf8' },
        );
  return JSON.parse(output) as boolean[];
}
