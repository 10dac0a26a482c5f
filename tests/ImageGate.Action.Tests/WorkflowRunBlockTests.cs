using ImageGate.Testing;
using YamlDotNet.RepresentationModel;

namespace ImageGate.Action.Tests;

/// <summary>The reusable workflows' own <c>run:</c> blocks, run through bash as the runner runs them with every
/// variable of the step's <c>env:</c> set to hostile caller input: no line they print may start a workflow command
/// other than their own annotation (the runner reads any line that starts with <c>::</c> as one).</summary>
public sealed class WorkflowRunBlockTests
{
    private const string Hostile = "x'\n::set-env name=PWNED::1\n%0A::add-mask::y\r::warning::PWNED";

    public static TheoryData<string, int> RunBlocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, index, _, _) in ReadRunBlocks().Where(Checkable)) data.Add(file, index);
        return data;
    }

    // The blocks that print a workflow command and are pure checks (the others install packages or call the action's
    // scripts, which ActionScriptTests runs with hostile input).
    private static bool Checkable((string File, int Index, string Script, string[] EnvNames) block) =>
        block.Script.Contains("::", StringComparison.Ordinal)
        && !block.Script.Contains("apt-get", StringComparison.Ordinal) && !block.Script.Contains(".imagegate/", StringComparison.Ordinal);

    private static IEnumerable<(string File, int Index, string Script, string[] EnvNames)> ReadRunBlocks()
    {
        var root = Repository.Root;
        foreach (var path in Directory.GetFiles(Path.Combine(root, ".github", "workflows"), "*.yml").Order(StringComparer.Ordinal))
        {
            var yaml = new YamlStream();
            using (var reader = File.OpenText(path)) yaml.Load(reader);
            var doc = (YamlMappingNode)yaml.Documents[0].RootNode;
            if (!doc.Children.TryGetValue(new YamlScalarNode("jobs"), out var jobs)) continue;
            var index = 0;
            foreach (var (_, job) in ((YamlMappingNode)jobs).Children)
            {
                if (job is not YamlMappingNode j || !j.Children.TryGetValue(new YamlScalarNode("steps"), out var steps)) continue;
                foreach (var step in ((YamlSequenceNode)steps).Children.OfType<YamlMappingNode>())
                {
                    if (!step.Children.TryGetValue(new YamlScalarNode("run"), out var run)) continue;
                    var env = step.Children.TryGetValue(new YamlScalarNode("env"), out var e) && e is YamlMappingNode m
                        ? m.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).ToArray()
                        : [];
                    yield return (Path.GetRelativePath(root, path), index++, ((YamlScalarNode)run).Value!, env);
                }
            }
        }
    }

    [Fact]
    public void Each_reusable_workflow_has_a_checked_run_block_that_prints_an_annotation_about_caller_input()
    {
        var files = ReadRunBlocks().Where(Checkable).Where(b => b.EnvNames.Length > 0).Select(b => b.File).ToHashSet();
        foreach (var wf in new[] { "endorse-image.yml", "publish-list.yml", "recheck.yml" })
            Assert.Contains(Path.Combine(".github", "workflows", wf), files);
    }

    [Theory]
    [MemberData(nameof(RunBlocks))]
    public void A_run_block_that_prints_an_annotation_never_echoes_caller_input_into_a_workflow_command(string file, int index)
    {
        var (_, _, script, envNames) = ReadRunBlocks().Single(b => b.File == file && b.Index == index);

        using var dir = new TempDirectory("imagegate-run-block");
        var env = envNames.ToDictionary(n => n, _ => Hostile);
        var r = ExternalProcess.Run("bash", ["-e", "-o", "pipefail", "-c", script], dir.Path, env, TimeSpan.FromMinutes(1));

        var lines = (r.StandardOutput + "\n" + r.StandardError).Split(['\n', '\r']);
        var commands = lines.Where(l => l.TrimStart().StartsWith("::", StringComparison.Ordinal) || l.TrimStart().StartsWith("##[", StringComparison.Ordinal)).ToList();
        Assert.All(commands, c =>
        {
            Assert.StartsWith("::error::", c.TrimStart(), StringComparison.Ordinal);
            Assert.DoesNotContain("PWNED", c, StringComparison.Ordinal);
            Assert.DoesNotContain("set-env", c, StringComparison.Ordinal);
        });
        Assert.NotEqual(0, r.ExitCode); // the hostile value is refused
        Assert.Single(commands);
    }
}
