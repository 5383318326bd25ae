import * as fs from "node:fs";
import * as path from "node:path";
import { itFollowsTheCommandLineConvention } from "./cli-arguments-testing";
import {
  COVERING_SPEC_SEQUENCER,
  EquivalentMutant,
  filesOf,
  formatMutationSummary,
  mutationExitCode,
  MUTATION_COMMAND,
  MUTATION_PROJECTS,
  MutationReport,
  narrowMutationReport,
  parseMutationArguments,
  STRYKER_BIN,
  strykerCommand,
  strykerConfig,
  strykerEnvironment,
  summarizeMutationReport,
  summarizeRun,
  withoutStaleOutsideRanges,
} from "./mutation-report";

const WORKSPACE = path.resolve(__dirname, "..");

describe("npm run mutation", () => {
  describe("arguments", () => {
    itFollowsTheCommandLineConvention(
      MUTATION_COMMAND,
      parseMutationArguments,
      ["guardrails"]
    );

    it("take one project, concurrency 1 and an 85 % bar by default", () => {
      expect(parseMutationArguments(["guardrails"])).toEqual({
        project: "guardrails",
        files: [],
        concurrency: 1,
        force: false,
        breakAt: 85,
      });
      expect(
        parseMutationArguments([
          "config",
          "--concurrency",
          "2",
          "--force",
          "--break",
          "90",
          "--files",
          "a.ts,b.ts",
        ])
      ).toEqual({
        project: "config",
        files: ["a.ts", "b.ts"],
        concurrency: 2,
        force: true,
        breakAt: 90,
      });
    });

    it.each([
      [
        [],
        /^<project>: missing\. Fix: npm run mutation -- <project> \[options\]$/,
      ],
      [
        ["guardrails", "config"],
        /^'config': unexpected argument\. Fix: npm run mutation -- <project> \[options\]$/,
      ],
      [
        ["network"],
        /^network: not a project mutation testing knows \(guardrails, /,
      ],
      [
        ["guardrails", "--concurrency", "0"],
        /--concurrency 0 is not a whole number from 1 to 4/,
      ],
      [["guardrails", "--concurrency", "5"], /--concurrency 5 is not/],
      [["guardrails", "--concurrency", "1.5"], /--concurrency 1.5 is not/],
      [["guardrails", "--break", "101"], /--break 101 is not a percentage/],
      [["guardrails", "--break=-1"], /--break -1 is not a percentage/],
      [["guardrails", "--break=85%"], /--break 85% is not a percentage/],
      [["guardrails", "--files="], /^--files: names no file\. Fix: /],
      [["guardrails", "--files", ",,"], /^--files: names no file\. Fix: /],
      [
        ["guardrails", "--tests", "a.spec.ts"],
        /^--tests: names no spec, or comes without --files .*Fix: /,
      ],
      [
        ["guardrails", "--files", "a.ts", "--tests", ","],
        /^--tests: names no spec/,
      ],
      [["toString"], /^toString: not a project mutation testing knows/],
      [["__proto__"], /^__proto__: not a project mutation testing knows/],
    ])("refuse %j", (args, message) => {
      expect(() => parseMutationArguments(args)).toThrow(message);
    });

    it("accept the bounds", () => {
      expect(
        parseMutationArguments([
          "guardrails",
          "--concurrency",
          "4",
          "--break",
          "100",
        ])
      ).toMatchObject({ concurrency: 4, breakAt: 100 });
      expect(
        parseMutationArguments(["guardrails", "--break", "0"])
      ).toMatchObject({ breakAt: 0 });
    });
  });

  describe("Stryker configuration", () => {
    it.each(Object.entries(MUTATION_PROJECTS))(
      "%s mutates existing decision files, never specs, tested by its own Jest project",
      (_, project) => {
        expect(fs.existsSync(path.join(WORKSPACE, project.jestConfig))).toBe(
          true
        );
        const files = project.mutate.filter((glob) => !glob.startsWith("!"));
        for (const glob of files) {
          const dir = path.join(WORKSPACE, path.dirname(glob));
          const pattern = new RegExp(
            `^${path
              .basename(glob)
              .replace(/\./g, "\\.")
              .replace(/\*/g, ".*")}$`
          );
          expect({
            glob,
            matches:
              fs
                .readdirSync(dir)
                .filter(
                  (file) => pattern.test(file) && !file.endsWith(".spec.ts")
                ).length > 0,
          }).toEqual({ glob, matches: true });
        }
        // A wildcard could reach a spec: such a project excludes them.
        expect(
          !files.some((glob) => glob.includes("*")) ||
            project.mutate.includes("!**/*.spec.ts")
        ).toBe(true);
      }
    );

    it("runs the jest runner with perTest coverage, incrementally, one worker unless told", () => {
      const config = strykerConfig({
        project: "guardrails",
        files: [],
        concurrency: 1,
        force: false,
      });
      expect(config).toMatchObject({
        testRunner: "jest",
        jest: {
          projectType: "custom",
          configFile: "libs/guardrails/jest.config.js",
          // Each mutant's run loads only the spec files holding its tests.
          config: { testSequencer: COVERING_SPEC_SEQUENCER },
        },
        coverageAnalysis: "perTest",
        incremental: true,
        incrementalFile: "reports/mutation/guardrails/incremental.json",
        concurrency: 1,
        force: false,
        mutate: MUTATION_PROJECTS.guardrails.mutate,
      });
      expect(config).not.toHaveProperty("testFiles");
    });

    it("narrows the files with --files, keeping the exclusions, and runs only their own specs", () => {
      const config = strykerConfig({
        project: "guardrails",
        files: ["libs/guardrails/src/rules/network-rules.ts"],
        concurrency: 2,
        force: true,
      });
      expect(config.mutate).toEqual([
        "libs/guardrails/src/rules/network-rules.ts",
        "!**/*.spec.ts",
        "!**/testing/**",
      ]);
      expect(config.testFiles).toEqual([
        "libs/guardrails/src/rules/network-rules.spec.ts",
      ]);
      expect(config).toMatchObject({ concurrency: 2, force: true });
    });

    describe("contracts, whose tests mostly live in tools/contracts*.spec.ts", () => {
      /** A Jest glob (`**` and `*`) as a regular expression over workspace-relative paths. */
      const globPattern = (glob: string) =>
        new RegExp(
          `^${glob
            .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
            .replace(/\*\*\//g, "\0")
            .replace(/\*/g, "[^/]*")
            .replace(/\0/g, "(?:.*/)?")}$`
        );
      const specsUnder = (folder: string) =>
        fs
          .readdirSync(path.join(WORKSPACE, folder), {
            recursive: true,
            encoding: "utf8",
          })
          .map((file) => path.join(folder, file))
          .filter((file) => file.endsWith(".spec.ts"));

      it("runs the library's specs, with and without --files; the Jest config also finds the whole-platform ones for --tests", () => {
        const project = MUTATION_PROJECTS.contracts;
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the Jest config Stryker loads
        const jestConfig = require(path.join(
          WORKSPACE,
          project.jestConfig
        )) as { rootDir: string; roots: string[]; testMatch: string[] };
        expect(jestConfig.rootDir).toBe(WORKSPACE);
        const matchedBy =
          (globs: readonly string[] | undefined) => (file: string) =>
            globs?.some((glob) => globPattern(glob).test(file)) ?? false;
        const librarySpecs = specsUnder("libs/platform-contracts");
        const platformSpecs = specsUnder("tools").filter((file) =>
          /^tools\/contracts[^/]*\.spec\.ts$/.test(file)
        );
        expect(librarySpecs).toEqual(
          expect.arrayContaining([
            "libs/platform-contracts/src/network-paths.spec.ts",
            "libs/platform-contracts/src/identity-contract.spec.ts",
          ])
        );
        expect(platformSpecs).toEqual(
          expect.arrayContaining([
            "tools/contracts.spec.ts",
            "tools/contracts-dr.spec.ts",
          ])
        );
        // Stryker runs the library's specs only ...
        expect(
          librarySpecs.filter((file) => !matchedBy(project.testFiles)(file))
        ).toEqual([]);
        expect(platformSpecs.filter(matchedBy(project.testFiles))).toEqual([]);
        // ... while its Jest config finds both, so --tests may name a whole-platform spec.
        const configGlobs = jestConfig.testMatch.map((glob) =>
          glob.replace("<rootDir>/", "")
        );
        expect(
          [...librarySpecs, ...platformSpecs].filter(
            (file) => !matchedBy(configGlobs)(file)
          )
        ).toEqual([]);
        expect(matchedBy(configGlobs)("tools/mutation-report.spec.ts")).toBe(
          false
        );
        // Jest looks for specs only under its roots.
        expect(jestConfig.roots).toEqual([
          "<rootDir>/libs/platform-contracts",
          "<rootDir>/tools",
        ]);
        const narrowed = strykerConfig({
          project: "contracts",
          files: ["libs/platform-contracts/src/storage-contract.ts"],
          concurrency: 1,
          force: false,
        });
        expect(narrowed.testFiles).toEqual(project.testFiles);
      });

      it("keeps synthesized environments across mutant runs for the contracts only: guardrails and config run during synthesis", () => {
        expect(strykerEnvironment("contracts", "/w")).toEqual({
          PLATFORM_MUTATION_TEST_NAMES: "mutation-test-names.json",
          PLATFORM_SYNTHESIS_CACHE_DIR:
            "/w/reports/mutation/contracts/synthesis-cache",
        });
        for (const project of [
          "guardrails",
          "config",
          "iam-policies",
          "plan-comment",
        ])
          expect(strykerEnvironment(project, "/w")).toEqual({
            PLATFORM_MUTATION_TEST_NAMES: "mutation-test-names.json",
          });
      });
    });

    it("runs the specs --tests names instead of the files' own", () => {
      const files = [
        "libs/guardrails/src/rules/kubernetes-pod-rules.ts",
        "libs/guardrails/src/rules/kubernetes-rbac-rules.ts",
      ];
      const options = parseMutationArguments([
        "guardrails",
        "--files",
        files.join(","),
        "--tests",
        "libs/guardrails/src/rules/kubernetes-rules.spec.ts",
      ]);
      expect(options.tests).toEqual([
        "libs/guardrails/src/rules/kubernetes-rules.spec.ts",
      ]);
      const config = strykerConfig(options);
      expect(config.mutate).toEqual([
        ...files,
        "!**/*.spec.ts",
        "!**/testing/**",
      ]);
      expect(config.testFiles).toEqual([
        "libs/guardrails/src/rules/kubernetes-rules.spec.ts",
      ]);
    });
  });

  describe("Stryker command", () => {
    it.each([
      ["v22.0.0", "/usr/bin/node"],
      ["v24.11.1", "/opt/node24/bin/node"],
    ])(
      "runs Stryker on the current Node %s (CI sets up .nvmrc)",
      (version, node) => {
        expect(strykerCommand("c.json", version, node)).toEqual({
          command: node,
          args: [STRYKER_BIN, "run", "c.json"],
        });
      }
    );

    it("runs it under npx -p node@24 on Node 21 and older (Stryker 10 needs 22)", () => {
      expect(strykerCommand("c.json", "v21.7.3", "/usr/bin/node")).toEqual({
        command: "npx",
        args: ["-y", "-p", "node@24", "node", STRYKER_BIN, "run", "c.json"],
      });
      expect(
        strykerCommand("c.json", "v20.19.5", "/usr/bin/node").command
      ).toBe("npx");
    });
  });

  describe("report", () => {
    const source = [
      "export function open(port: number) {",
      "  return port === 80 || port === 443;",
      "}",
    ].join("\n");
    const at = (line: number, column: number, endColumn: number) => ({
      start: { line, column },
      end: { line, column: endColumn },
    });
    const report: MutationReport = {
      files: {
        [path.join(WORKSPACE, "libs/x/src/rule.ts")]: {
          source,
          mutants: [
            {
              id: "1",
              mutatorName: "ConditionalExpression",
              replacement: "true",
              status: "Killed",
              location: at(2, 10, 36),
            },
            {
              id: "2",
              mutatorName: "EqualityOperator",
              replacement: "port !== 80",
              status: "Killed",
              location: at(2, 10, 21),
            },
            {
              id: "3",
              mutatorName: "ConditionalExpression",
              replacement: "false",
              status: "Survived",
              location: at(2, 25, 37),
            },
            {
              id: "4",
              mutatorName: "EqualityOperator",
              replacement: "port !== 443",
              status: "NoCoverage",
              location: at(2, 25, 37),
            },
            {
              id: "5",
              mutatorName: "BlockStatement",
              replacement: "{}",
              status: "Timeout",
              location: at(1, 36, 37),
            },
            {
              id: "6",
              mutatorName: "StringLiteral",
              replacement: '""',
              status: "Ignored",
              location: at(1, 1, 2),
            },
            {
              id: "7",
              mutatorName: "BooleanLiteral",
              replacement: "x",
              status: "CompileError",
              location: at(1, 1, 2),
            },
          ],
        },
      },
    };
    const equivalent: EquivalentMutant = {
      file: "libs/x/src/rule.ts",
      mutator: "ConditionalExpression",
      original: "port === 443",
      replacement: "false",
      reason: "no caller passes 443",
    };
    const stale: EquivalentMutant = {
      ...equivalent,
      original: "port === 8443",
      reason: "gone",
    };

    it("scores detected over detected and undetected, listing survivors with their source text", () => {
      const summary = summarizeMutationReport(report, WORKSPACE, []);
      expect(summary).toMatchObject({
        killed: 2,
        timeout: 1,
        survived: 1,
        noCoverage: 1,
        errors: 1,
        ignored: 1,
        score: 60,
        scoreWithoutEquivalents: 60,
      });
      expect(summary.survivors).toEqual([
        {
          file: "libs/x/src/rule.ts",
          line: 2,
          mutator: "ConditionalExpression",
          original: "port === 443",
          replacement: "false",
          equivalentBecause: undefined,
        },
        {
          file: "libs/x/src/rule.ts",
          line: 2,
          mutator: "EqualityOperator",
          original: "port === 443",
          replacement: "port !== 443",
          equivalentBecause: undefined,
        },
      ]);
    });

    it("explains listed equivalent mutants, scores without them, and names entries no survivor matches", () => {
      const summary = summarizeMutationReport(report, WORKSPACE, [
        equivalent,
        stale,
      ]);
      expect(summary.scoreWithoutEquivalents).toBe(75);
      expect(summary.survivors[0].equivalentBecause).toBe(
        "no caller passes 443"
      );
      expect(summary.staleEquivalents).toEqual([stale]);
      expect(formatMutationSummary("x", summary).split("\n")).toEqual([
        "x: mutation score 60% (75% without 1 listed equivalent mutants); 2 killed, 1 timed out, 1 survived, 1 not covered, 1 errors, 1 ignored",
        "surviving mutants (1):",
        "  libs/x/src/rule.ts:2 EqualityOperator: port === 443 -> port !== 443",
        "equivalent mutants (1, listed in tools/mutation/x.equivalents.json):",
        "  libs/x/src/rule.ts:2 ConditionalExpression: port === 443 -> false (no caller passes 443)",
        "stale equivalent (no such survivor; remove it): libs/x/src/rule.ts ConditionalExpression: port === 8443 -> false",
      ]);
    });

    /** One mutant spanning three lines of `source`. */
    const multiLine: MutationReport = {
      files: {
        "libs/x/src/rule.ts": {
          source,
          mutants: [
            {
              id: "1",
              mutatorName: "BlockStatement",
              replacement: "{}",
              status: "Survived",
              location: {
                start: { line: 1, column: 36 },
                end: { line: 3, column: 2 },
              },
            },
          ],
        },
      },
    };

    it("reads a mutant spanning lines", () => {
      expect(
        summarizeMutationReport(multiLine, WORKSPACE, []).survivors[0].original
      ).toBe(`{\n  return port === 80 || port === 443;\n}`);
    });

    it("counts, of a --files run, only the files named and, of a file named with lines, the mutants inside them", () => {
      const other: MutationReport["files"] = {
        [path.join(WORKSPACE, "libs/x/src/other.ts")]: {
          source,
          mutants: [
            report.files[path.join(WORKSPACE, "libs/x/src/rule.ts")].mutants[0],
          ],
        },
      };
      const both: MutationReport = { files: { ...report.files, ...other } };
      const ids = (narrowed: MutationReport) =>
        Object.fromEntries(
          Object.entries(narrowed.files).map(([file, { mutants }]) => [
            path.relative(WORKSPACE, file),
            mutants.map(({ id }) => id),
          ])
        );
      expect(narrowMutationReport(both, [], WORKSPACE)).toBe(both);
      expect(
        ids(narrowMutationReport(both, ["libs/x/src/rule.ts"], WORKSPACE))
      ).toEqual({
        "libs/x/src/rule.ts": ["1", "2", "3", "4", "5", "6", "7"],
      });
      expect(
        ids(narrowMutationReport(both, ["libs/x/src/rule.ts:2-2"], WORKSPACE))
      ).toEqual({
        "libs/x/src/rule.ts": ["1", "2", "3", "4"],
      });
      expect(
        ids(
          narrowMutationReport(
            both,
            ["libs/x/src/rule.ts:1:1-1:40", "libs/x/src/other.ts"],
            WORKSPACE
          )
        )
      ).toEqual({
        "libs/x/src/rule.ts": ["5", "6", "7"],
        "libs/x/src/other.ts": ["1"],
      });
      expect(
        ids(narrowMutationReport(both, ["libs/x/src/rule.ts:3-9"], WORKSPACE))
      ).toEqual({
        "libs/x/src/rule.ts": [],
      });
    });

    it("keeps, of a file named with lines, only mutants wholly inside them, and names no stale equivalent there", () => {
      expect(narrowMutationReport(multiLine, ["libs/x/src/rule.ts:1-2"], WORKSPACE).files["libs/x/src/rule.ts"].mutants).toEqual([]);
      expect(narrowMutationReport(multiLine, ["libs/x/src/rule.ts:1-3"], WORKSPACE).files["libs/x/src/rule.ts"].mutants).toHaveLength(1);
      const summary = summarizeMutationReport({ files: {} }, WORKSPACE, [equivalent]);
      expect(summary.staleEquivalents).toEqual([equivalent]);
      expect(withoutStaleOutsideRanges(summary, ["libs/x/src/rule.ts:1-2"], WORKSPACE).staleEquivalents).toEqual([]);
      expect(withoutStaleOutsideRanges(summary, ["libs/x/src/rule.ts"], WORKSPACE).staleEquivalents).toEqual([equivalent]);
      expect(withoutStaleOutsideRanges(summary, ["libs/x/src/other.ts:1-2"], WORKSPACE).staleEquivalents).toEqual([equivalent]);
      // The run's summary puts those together: the named files' mutants and equivalents, no stale entry in a range.
      expect(summarizeRun(multiLine, [equivalent], ["libs/x/src/rule.ts:1-2"], WORKSPACE)).toMatchObject({ survived: 0, staleEquivalents: [] });
      expect(summarizeRun(multiLine, [equivalent], ["libs/x/src/rule.ts"], WORKSPACE)).toMatchObject({ survived: 1, staleEquivalents: [equivalent] });
      expect(summarizeRun(multiLine, [equivalent], ["libs/x/src/other.ts"], WORKSPACE)).toMatchObject({ survived: 0, staleEquivalents: [] });
      expect(summarizeRun(multiLine, [equivalent], [], WORKSPACE)).toMatchObject({ survived: 1, staleEquivalents: [equivalent] });
    });

    it("runs a line range's own spec: the file's, without the range", () => {
      expect(
        filesOf(["libs/a.ts:10-40", "libs/b.ts:1:2-3:4", "libs/c.ts"])
      ).toEqual(["libs/a.ts", "libs/b.ts", "libs/c.ts"]);
      expect(
        strykerConfig({
          project: "guardrails",
          files: ["libs/guardrails/src/rules/network-rules.ts:1-50"],
          concurrency: 1,
          force: false,
        }).testFiles
      ).toEqual(["libs/guardrails/src/rules/network-rules.spec.ts"]);
    });

    it("scores an empty report 100", () => {
      expect(summarizeMutationReport({ files: {} }, WORKSPACE, []).score).toBe(
        100
      );
    });
  });

  describe("exit code", () => {
    const summary = (killed: number, survived: number, score: number) =>
      ({ killed, survived, noCoverage: 0, timeout: 0, score } as Parameters<
        typeof mutationExitCode
      >[0]);
    it("is 0 at or above the bar and 1 below it", () => {
      expect(
        mutationExitCode(summary(85, 15, 85), {
          project: "guardrails",
          files: [],
          breakAt: 85,
        })
      ).toBe(0);
      expect(
        mutationExitCode(summary(84, 16, 84), {
          project: "guardrails",
          files: [],
          breakAt: 85,
        })
      ).toBe(1);
    });
    it("refuses a run that tested no mutant (its score would read 100 %)", () => {
      expect(() =>
        mutationExitCode(summary(0, 0, 100), {
          project: "guardrails",
          files: ["libs/guardrails/src/rules/typo.ts"],
          breakAt: 85,
        })
      ).toThrow(
        "guardrails: no mutant was tested in libs/guardrails/src/rules/typo.ts. Fix: name files the project mutates"
      );
    });
  });
});
