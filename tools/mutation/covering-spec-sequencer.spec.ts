import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  COVERING_SPEC_SEQUENCER,
  MUTATION_TEST_NAMES_VARIABLE,
} from "../mutation-report";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS module Jest itself loads
const sequencer = require("./covering-spec-sequencer.js") as {
  specPathsToRun: (
    paths: readonly string[],
    testNamePattern: string | undefined,
    testNamesByPath: Record<string, readonly string[]> | undefined
  ) => readonly string[];
  TEST_NAMES_VARIABLE: string;
};

describe("the mutation runs' test sequencer", () => {
  const names = {
    "/s/a.spec.ts": ["rules port 80 passes", "rules port 81 fails"],
    "/s/b.spec.ts": ["tags every resource"],
    "/s/c.spec.ts": ["Rules (port 80) passes"],
  };
  const paths = Object.keys(names);

  it("keeps the spec files holding a test the pattern matches, case-insensitive as Jest matches", () => {
    expect(
      sequencer.specPathsToRun(paths, "(rules port 81 fails)", names)
    ).toEqual(["/s/a.spec.ts"]);
    expect(
      sequencer.specPathsToRun(
        paths,
        "(rules port 80 passes)|(tags every resource)",
        names
      )
    ).toEqual(["/s/a.spec.ts", "/s/b.spec.ts"]);
    expect(
      sequencer.specPathsToRun(paths, "(rules \\(port 80\\) passes)", names)
    ).toEqual(["/s/c.spec.ts"]);
  });

  it("runs every file without a pattern, without the dry run's names, or when no known file holds a match", () => {
    expect(sequencer.specPathsToRun(paths, undefined, names)).toEqual(paths);
    expect(sequencer.specPathsToRun(paths, "(tags)", undefined)).toEqual(paths);
    expect(
      sequencer.specPathsToRun(paths, "(a test added since)", names)
    ).toEqual(paths);
  });

  it("is the sequencer the Stryker configuration names, read from the variable the tool sets", () => {
    expect(fs.existsSync(COVERING_SPEC_SEQUENCER)).toBe(true);
    expect(path.resolve(COVERING_SPEC_SEQUENCER)).toBe(
      path.resolve(__dirname, "covering-spec-sequencer.js")
    );
    expect(sequencer.TEST_NAMES_VARIABLE).toBe(MUTATION_TEST_NAMES_VARIABLE);
  });

  it("learns the files' tests in a run without a pattern, then loads only the matching files (real Jest)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sequencer-"));
    const loaded = path.join(dir, "loaded");
    fs.mkdirSync(loaded);
    // Each spec notes that it was loaded, the way a spec's imports cost time whether or not its tests run.
    const spec = (name: string, tests: readonly string[]) =>
      fs.writeFileSync(
        path.join(dir, `${name}.spec.js`),
        [
          `require('node:fs').writeFileSync(${JSON.stringify(
            path.join(loaded, name)
          )}, '');`,
          `describe(${JSON.stringify(name)}, () => {`,
          ...tests.map(
            (test) =>
              `  it(${JSON.stringify(test)}, () => { expect(1).toBe(1); });`
          ),
          "});",
        ].join("\n")
      );
    spec("alpha", ["port 80 passes", "port 81 fails"]);
    spec("beta", ["tags every resource"]);
    const config = {
      rootDir: dir,
      testMatch: ["**/*.spec.js"],
      transform: {},
      testSequencer: COVERING_SPEC_SEQUENCER,
      cacheDirectory: path.join(dir, "cache"),
    };
    const jest = (args: readonly string[] = [], env: NodeJS.ProcessEnv = {}) => {
      for (const file of fs.readdirSync(loaded))
        fs.rmSync(path.join(loaded, file));
      const run = spawnSync(
        process.execPath,
        [
          require.resolve("jest/bin/jest"),
          "--config",
          JSON.stringify(config),
          "--runInBand",
          "--ci",
          "--json",
          ...args,
        ],
        {
          cwd: dir,
          encoding: "utf8",
          env: {
            ...process.env,
            [MUTATION_TEST_NAMES_VARIABLE]: "test-names.json",
            ...env,
          },
        }
      );
      expect({
        status: run.status,
        stderr: run.status === 0 ? "" : run.stderr,
      }).toEqual({ status: 0, stderr: "" });
      const result = JSON.parse(run.stdout) as { numPassedTests: number };
      return {
        passed: result.numPassedTests,
        loaded: fs.readdirSync(loaded).sort(),
      };
    };
    try {
      // The dry run: every file, and the names written where the variable says (relative to the working directory).
      expect(jest()).toEqual({ passed: 3, loaded: ["alpha", "beta"] });
      expect(
        JSON.parse(fs.readFileSync(path.join(dir, "test-names.json"), "utf8"))
      ).toEqual({
        [path.join(dir, "alpha.spec.js")]: [
          "alpha port 80 passes",
          "alpha port 81 fails",
        ],
        [path.join(dir, "beta.spec.js")]: ["beta tags every resource"],
      });
      // A mutant's run: only the file holding its test is loaded.
      expect(jest(["--testNamePattern", "(alpha port 81 fails)"])).toEqual({
        passed: 1,
        loaded: ["alpha"],
      });
      // A run without a pattern while a mutant is active (a static mutant's) does not overwrite it either.
      spec("gamma", ["added since"]);
      expect(jest([], { __STRYKER_ACTIVE_MUTANT__: "7" })).toEqual({ passed: 4, loaded: ["alpha", "beta", "gamma"] });
      fs.rmSync(path.join(dir, "gamma.spec.js"));
      // A pattern run does not overwrite what the dry run learned.
      expect(
        Object.keys(
          JSON.parse(fs.readFileSync(path.join(dir, "test-names.json"), "utf8"))
        )
      ).toHaveLength(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
