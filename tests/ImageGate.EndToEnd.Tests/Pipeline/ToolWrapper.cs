using ImageGate.Testing;

namespace ImageGate.EndToEnd.Tests.Pipeline;

/// <summary>The built CLI (beside the tests) behind an executable <c>imagegate</c> script, as the pipeline tests and
/// the demo call it: a real process, like the action's installed tool.</summary>
internal static class ToolWrapper
{
    public static string Create(TempDirectory tmp)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "imagegate.dll");
        Assert.True(File.Exists(cli), $"the CLI is not beside the tests: {cli}");
        var wrapper = tmp.Combine("imagegate");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{cli}' \"$@\"\n");
        Assert.Equal(0, ExternalProcess.Run("chmod", ["+x", wrapper]).ExitCode);
        return wrapper;
    }

    /// <summary>A bare list repository with a first commit on <c>main</c>.</summary>
    public static string CreateListRepository(TempDirectory tmp, string path)
    {
        Directory.CreateDirectory(path);
        Git(path, "init", "-q", "--bare", "-b", "main");
        var seed = tmp.Combine("seed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(seed);
        Git(seed, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(seed, "README.md"), "# Endorsed images\n");
        Git(seed, "add", "README.md");
        Git(seed, "commit", "-q", "-m", "Start the endorsed list");
        Git(seed, "push", "-q", path, "main");
        return path;
    }

    /// <summary>Merges a proposal branch into main as GitHub's merge button would.</summary>
    public static void Merge(TempDirectory tmp, string origin, string branch, int pr)
    {
        var work = tmp.Combine("merge-" + Guid.NewGuid().ToString("N"));
        Git(null, "clone", "-q", origin, work);
        Git(work, "merge", "-q", "--no-ff", "-m", $"Merge pull request #{pr} from owner/{branch}", $"origin/{branch}");
        Git(work, "push", "-q", "origin", "main");
    }

    public static readonly Dictionary<string, string> GitEnv = new()
    {
        ["GIT_AUTHOR_NAME"] = "ImageGate test",
        ["GIT_AUTHOR_EMAIL"] = "test@example.org",
        ["GIT_COMMITTER_NAME"] = "ImageGate test",
        ["GIT_COMMITTER_EMAIL"] = "test@example.org",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    };

    public static string Git(string? dir, params string[] args)
    {
        var r = ExternalProcess.Run("git", dir is null ? args : ["-C", dir, .. args], environment: GitEnv, timeout: TimeSpan.FromMinutes(1));
        Assert.True(r.ExitCode == 0, $"git {string.Join(' ', args)}: {r.StandardError}");
        return r.StandardOutput.Trim();
    }
}
