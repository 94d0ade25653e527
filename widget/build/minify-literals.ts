/**
 * A Vite plugin that strips the indentation out of Lit's `html` and `css` tagged templates at
 * build time. Vite's minifier leaves template literals alone (their text is data), yet in a Lit
 * component that whitespace is a fifth of the bytes — and the budget is 12 KB gzipped.
 *
 * Only whitespace that contains a line break is touched, so text on one line ("Pay {amount}")
 * keeps its spaces; CSS loses its comments and the spaces around punctuation.
 */
import { parseAst, type Plugin } from 'vite';

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export function minifyHtml(text: string): string {
  return (
    text
      .replace(/>\s*\n\s*</g, '><')
      .replace(/^\s*\n\s*</, '<')
      .replace(/>\s*\n\s*$/, '>')
      .replace(/\s*\n\s*/g, ' ')
      // A value of letters, digits and hyphens needs no quotes (HTML, "unquoted attribute value"),
      // unless a "/" follows, which would join it.
      .replace(/([\w-]+)="([\w-]+)"(?=[\s>])/g, '$1=$2')
  );
}

export function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>*])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .replace(/@media \(/g, '@media(')
    .replace(/([\s:(,*])0\./g, '$1.')
    .trim();
}

function walk(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (!node || typeof node !== 'object' || typeof (node as Node).type !== 'string') return;
  visit(node as Node);
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'type' && value && typeof value === 'object') walk(value, visit);
  }
}

export function minifyLitLiterals(options: { include?: RegExp } = {}): Plugin {
  const include = options.include ?? /\/widget\/.*\.ts$/;
  return {
    name: 'ogone-checkout:minify-lit-literals',
    apply: 'build',
    transform(code, id) {
      if (!include.test(id) || !/\b(html|css)`/.test(code)) return null;
      const edits: Array<{ start: number; end: number; text: string }> = [];
      walk(parseAst(code), (node) => {
        if (node.type !== 'TaggedTemplateExpression') return;
        const tag = node.tag as Node & { name?: string };
        if (tag.type !== 'Identifier' || (tag.name !== 'html' && tag.name !== 'css')) return;
        const minify = tag.name === 'html' ? minifyHtml : minifyCss;
        for (const quasi of (node.quasi as { quasis: Node[] }).quasis) {
          const raw = code.slice(quasi.start, quasi.end);
          const text = minify(raw);
          if (text !== raw) edits.push({ start: quasi.start, end: quasi.end, text });
        }
      });
      if (edits.length === 0) return null;
      let output = code;
      for (const edit of edits.sort((a, b) => b.start - a.start)) {
        output = output.slice(0, edit.start) + edit.text + output.slice(edit.end);
      }
      return { code: output, map: null };
    },
  };
}
