using System.Text.Json;
using ImageGate.Testing;

namespace ImageGate.Action.Tests;

/// <summary>Every workflow and action file, parsed with GitHub's own parser (@actions/workflow-parser, through
/// tests/node/workflows/check.mjs) and held to the house rules: parses cleanly, no <c>${{ }}</c> inside
/// <c>run:</c>, every <c>uses:</c> pinned to a full commit SHA, explicit <c>permissions:</c>.</summary>
public sealed class WorkflowFileTests
{
    private static string CheckerDir => Path.Combine(Repository.Root, "tests", "node", "workflows");

    private static List<JsonElement> Check(IEnumerable<string> files, out int exitCode)
    {
        ExternalProcess.Require("node");
        if (!Directory.Exists(Path.Combine(CheckerDir, "node_modules", "@actions", "workflow-parser")))
            throw new InvalidOperationException($"npm packages missing in {CheckerDir}: run ./build.sh (it runs npm ci there)");
        var r = ExternalProcess.Run("node", ["check.mjs", .. files], CheckerDir, timeout: TimeSpan.FromMinutes(2));
        exitCode = r.ExitCode;
        Assert.True(r.StandardError.Length == 0 || r.ExitCode <= 1, r.StandardError);
        return [.. r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    // One node process for every file of the repository (the parser takes seconds to load); each theory case reads its line.
    private static readonly Lazy<Dictionary<string, JsonElement>> RepositoryResults = new(() =>
    {
        var files = Files().Select(f => (string)f.Data).ToList();
        var results = Check(files.Select(f => Path.Combine(Repository.Root, f)), out _);
        Assert.Equal(files.Count, results.Count);
        return files.Zip(results).ToDictionary(p => p.First, p => p.Second);
    });

    public static TheoryData<string> Files()
    {
        var root = Repository.Root;
        var files = new List<string> { "action.yml" };
        foreach (var dir in new[] { ".github/workflows", "docs/examples/workflows" })
            files.AddRange(Directory.GetFiles(Path.Combine(root, dir), "*.yml").Select(f => Path.GetRelativePath(root, f)));
        files.AddRange(Directory.GetFiles(Path.Combine(root, ".github"), "action.yml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)));
        return [.. files.Distinct().Order(StringComparer.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_file_parses_with_githubs_parser_and_keeps_the_rules(string file)
    {
        var result = RepositoryResults.Value[file];
        Assert.Equal(Path.Combine(Repository.Root, file), result.GetProperty("file").GetString());
        Assert.Empty(result.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(result.GetProperty("violations").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void The_project_has_the_action_and_the_reusable_workflows()
    {
        var files = Files().Select(f => (string)f.Data).ToList();
        foreach (var expected in new[] { "action.yml", ".github/workflows/ci.yml", ".github/workflows/endorse-image.yml", ".github/workflows/publish-list.yml", ".github/workflows/recheck.yml" })
            Assert.Contains(expected, files);
    }

    [Fact]
    public void Only_signing_jobs_may_mint_an_oidc_token()
    {
        // id-token: write where something is signed (the image, the list) or Pages requires it, nowhere else.
        var allowed = new Dictionary<string, string[]>
        {
            ["endorse-image.yml"] = ["endorse"],
            ["publish-list.yml"] = ["publish", "pages"],
        };
        foreach (var path in Directory.GetFiles(Path.Combine(Repository.Root, ".github", "workflows"), "*.yml"))
        {
            var jobs = JobsWithIdToken(File.ReadAllLines(path));
            Assert.Equal(allowed.GetValueOrDefault(Path.GetFileName(path), []), jobs);
        }
    }

    private static List<string> JobsWithIdToken(string[] lines)
    {
        var jobs = new List<string>();
        string? job = null;
        var inJobs = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("jobs:", StringComparison.Ordinal)) { inJobs = true; continue; }
            if (!inJobs) continue;
            if (line.Length > 2 && line.StartsWith("  ", StringComparison.Ordinal) && line[2] != ' ' && line.TrimEnd().EndsWith(':')) job = line.Trim().TrimEnd(':');
            if (job is not null && line.Trim().StartsWith("id-token: write", StringComparison.Ordinal) && !jobs.Contains(job)) jobs.Add(job);
        }
        return jobs;
    }

    [Fact]
    public void The_checker_catches_each_kind_of_violation()
    {
        using var dir = new TempDirectory();
        var bad = dir.Combine("bad.yml");
        File.WriteAllText(bad, """
            on: push
            jobs:
              a:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - run: echo "${{ github.event.head_commit.message }}"
            """);
        var broken = dir.Combine("broken.yml");
        File.WriteAllText(broken, "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: 'true', bogus: 1}]\n    permissions: {}\npermissions: {}\n");
        var action = dir.Combine("action.yml");
        File.WriteAllText(action, """
            name: x
            description: y
            runs:
              using: composite
              steps:
                - run: echo ${{ inputs.name }}
                  shell: bash
                - uses: docker://alpine:3
            """);

        var results = Check([bad, broken, action], out var code);

        Assert.Equal(1, code);
        var badViolations = results[0].GetProperty("violations").EnumerateArray().Select(v => v.GetString()!).ToList();
        Assert.Contains(badViolations, v => v.Contains("not pinned", StringComparison.Ordinal));
        Assert.Contains(badViolations, v => v.Contains("inside run:", StringComparison.Ordinal));
        Assert.Contains("no top-level permissions:", badViolations);
        Assert.Contains(badViolations, v => v.Contains("job a has no permissions:", StringComparison.Ordinal));
        Assert.Contains(results[1].GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains("bogus", StringComparison.Ordinal));
        Assert.Equal("action", results[2].GetProperty("kind").GetString());
        Assert.Equal(2, results[2].GetProperty("violations").GetArrayLength());
    }
}
