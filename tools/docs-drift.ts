/**
 * Docs that cannot drift (issue 19, item 9): the checks `docs.spec.ts` runs over the workspace's Markdown. Every
 * library under `libs/` has a README naming each class and function its `src/index.ts` exports; every relative link
 * in README.md, docs/*.md and libs/*\/README.md points at a file that exists; the root README keeps its two commands
 * (CI runs exactly the README's test command); a section a source file names in quotes after a Markdown file (the
 * README, or a path such as docs/operations.md, followed by the heading in double quotes) is a heading of that file.
 *
 * Export names are read with regular expressions over `export` lines, following `export * from './x'` and
 * `export { A } from './x'` into the library's own files: no TypeScript program, a few milliseconds for every library.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The root README's two commands, verbatim: a newcomer's setup and synth, and the test command CI runs. */
export const README_COMMANDS = ['npm ci && npm run synth', 'npm test'] as const;

const DECLARATION = /^export\s+(?:declare\s+)?(?:abstract\s+)?(?:class|(?:async\s+)?function\*?)\s+([A-Za-z_$][\w$]*)/gm;
const STAR_EXPORT = /^export\s+\*\s+from\s+'(\.[^']+)'/gm;
const NAMED_EXPORT = /^export\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(\.[^']+)'/gm;

/** The module file an `import`/`export` specifier such as `./x` names, beside `from`. */
function moduleFile(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  const candidate = [`${base}.ts`, path.join(base, 'index.ts')].find((file) => fs.existsSync(file));
  if (candidate === undefined) throw new Error(`${from}: cannot find module '${specifier}'. Fix: correct the path`);
  return candidate;
}

/** Classes and functions declared with `export` in `file` or re-exported by it from the library's own modules, sorted. */
export function exportedClassesAndFunctions(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  const names = new Set([...text.matchAll(DECLARATION)].map((match) => match[1]));
  for (const [, specifier] of text.matchAll(STAR_EXPORT)) {
    for (const name of exportedClassesAndFunctions(moduleFile(file, specifier), seen)) names.add(name);
  }
  for (const [, list, specifier] of text.matchAll(NAMED_EXPORT)) {
    // Only the names the other module declares as a class or function (a named re-export may be a constant).
    const declared = new Set(exportedClassesAndFunctions(moduleFile(file, specifier), new Set()));
    for (const entry of list.split(',')) {
      const [original, alias] = entry.replace(/^\s*type\s+/, '').split(/\s+as\s+/).map((part) => part.trim());
      if (original !== '' && declared.has(original)) names.add(alias ?? original);
    }
  }
  return [...names].sort();
}

/** Names of `names` that `markdown` never mentions as a whole word. */
export function unmentioned(names: readonly string[], markdown: string): string[] {
  const words = new Set(markdown.match(/[A-Za-z_$][\w$]*/g) ?? []);
  return names.filter((name) => !words.has(name));
}

/** Relative link targets of `markdown` (inline `[text](target)` links and images), without anchors or titles. */
export function relativeLinks(markdown: string): string[] {
  // Code spans and fenced blocks hold examples, not links.
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/!?\[[^\]]*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))(?:\s+"[^"]*")?\s*\)/g)]
    .map((match) => match[1] ?? match[2])
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => decodeURIComponent(target.split('#')[0]));
}

/** The Markdown files whose links are checked: the root README, docs/*.md and every library README, relative to `root`. */
export function documentationFiles(root: string): string[] {
  const docs = fs.existsSync(path.join(root, 'docs'))
    ? fs.readdirSync(path.join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)
    : [];
  const libraries = libraryNames(root)
    .map((name) => `libs/${name}/README.md`)
    .filter((file) => fs.existsSync(path.join(root, file)));
  return ['README.md', ...docs.sort(), ...libraries];
}

/** The folders under `<root>/libs`, sorted. */
export function libraryNames(root: string): string[] {
  return fs
    .readdirSync(path.join(root, 'libs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * A Markdown file followed by a quoted section, as messages and comments cite one: the bare word README (the root
 * README.md) or a path ending in `.md`, then optionally a comma or colon, then the heading in double quotes (on the
 * next line of a comment, too).
 */
const SECTION_REFERENCE = /(?<![\w/.-])(README(?:\.md)?|(?:docs|libs|apps|tools)\/[\w./-]+\.md)[,:]?[ \t]*(?:\n[ \t]*(?:\*|\/\/)?[ \t]*)?"([^"\n]+)"/g;

/** `[file, section]` of every section `text` cites (see {@link SECTION_REFERENCE}); a bare README is the root README.md. */
export function sectionReferences(text: string): [string, string][] {
  return [...text.matchAll(SECTION_REFERENCE)].map(([, file, section]) => [file.startsWith('README') ? 'README.md' : file, section]);
}

/** Headings of `markdown` (`#` lines) and the bold titles that open a paragraph (`**First deploy** ...`), as written. */
export function sectionTitles(markdown: string): Set<string> {
  const headings = [...markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((match) => match[1]);
  const titles = [...markdown.matchAll(/^\*\*([^*\n]+?)\*\*/gm)].map((match) => match[1]);
  return new Set([...headings, ...titles].map((title) => title.replace(/`/g, '')));
}

/** The source files whose citations of sections are checked: non-spec TypeScript under libs, apps, environments, tools, and knip.jsonc. */
export function citingFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    if (!fs.existsSync(path.join(root, folder))) return;
    for (const entry of fs.readdirSync(path.join(root, folder), { withFileTypes: true })) {
      const file = `${folder}/${entry.name}`;
      if (entry.isDirectory() && !['node_modules', 'fixtures', 'cdktf.out'].includes(entry.name) && !entry.name.startsWith('.')) walk(file);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) found.push(file);
    }
  };
  for (const folder of ['libs', 'apps', 'environments', 'tools']) walk(folder);
  return [...found.sort(), ...(fs.existsSync(path.join(root, 'knip.jsonc')) ? ['knip.jsonc'] : [])];
}

/** Every cited section of the source files under `root` that its Markdown file does not have, one message each. */
function staleSectionReferences(root: string): string[] {
  const titles = new Map<string, Set<string> | undefined>();
  const titlesOf = (file: string) => {
    if (!titles.has(file)) titles.set(file, fs.existsSync(path.join(root, file)) ? sectionTitles(fs.readFileSync(path.join(root, file), 'utf8')) : undefined);
    return titles.get(file);
  };
  const problems: string[] = [];
  for (const file of citingFiles(root)) {
    for (const [markdown, section] of sectionReferences(fs.readFileSync(path.join(root, file), 'utf8'))) {
      if (titlesOf(markdown)?.has(section)) continue;
      problems.push(`${file}: cites section '${section}' of ${markdown}, which has no such heading. Fix: name the file and heading that hold it now (e.g. a page under docs/)`);
    }
  }
  return problems;
}

/** Every way the documentation under `root` has drifted from the code, one message each; empty when none has. */
export function documentationProblems(root: string): string[] {
  const problems: string[] = [];
  for (const library of libraryNames(root)) {
    const readme = path.join(root, 'libs', library, 'README.md');
    if (!fs.existsSync(readme)) {
      problems.push(`libs/${library}/README.md: missing. Fix: write it (what the library builds, its constructs and props with defaults, an example, the decisions taken)`);
      continue;
    }
    const index = path.join(root, 'libs', library, 'src', 'index.ts');
    if (!fs.existsSync(index)) continue;
    const missing = unmentioned(exportedClassesAndFunctions(index), fs.readFileSync(readme, 'utf8'));
    if (missing.length > 0) {
      problems.push(`libs/${library}/README.md: does not name ${missing.join(', ')} (exported by libs/${library}/src/index.ts). Fix: document each, or stop exporting it`);
    }
  }
  for (const file of documentationFiles(root)) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const target of relativeLinks(text)) {
      if (!fs.existsSync(path.resolve(path.dirname(path.join(root, file)), target))) {
        problems.push(`${file}: the link '${target}' points at nothing. Fix: correct the path relative to ${path.dirname(file)}/`);
      }
    }
    if (file === 'README.md') {
      for (const command of README_COMMANDS.filter((command) => !text.includes(command))) {
        problems.push(`README.md: no longer shows the command '${command}'. Fix: keep it in "Two commands" (CI runs the README's test command)`);
      }
    }
  }
  problems.push(...staleSectionReferences(root));
  return problems;
}
