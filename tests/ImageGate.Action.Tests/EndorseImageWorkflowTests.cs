using System.Text.RegularExpressions;
using ImageGate.Testing;
using YamlDotNet.RepresentationModel;

namespace ImageGate.Action.Tests;

/// <summary>The reusable workflow <c>endorse-image.yml</c> and the action it calls: the workflow's own check step run
/// through bash, and a round trip that plays the runner's part — the caller's inputs and secrets → the workflow's
/// <c>with:</c> to the action → <c>action.yml</c>'s <c>env:</c> of its run step → <c>run.sh</c> → what reaches
/// <c>imagegate</c> (a recorder) — with every <c>${{ }}</c> of both files resolved from those files as written.</summary>
public sealed class EndorseImageWorkflowTests : IDisposable
{
    private const string Ref = "0123456789abcdef0123456789abcdef01234567";
    private const string Password = "robot_secret_3f9a";
    private static readonly string[] SecretActionInputs = ["list-token", "registry-password", "fingerprint-salt", "signing-key"];
    private static readonly Regex Expression = new(@"\$\{\{\s*([a-z_]+(?:\.[A-Za-z0-9_-]+)+)\s*\}\}", RegexOptions.CultureInvariant);

    private readonly TempDirectory _runner = new("imagegate-endorse-workflow");

    public EndorseImageWorkflowTests()
    {
        Directory.CreateDirectory(_runner.Combine("temp"));
        File.WriteAllText(_runner.Combine("output"), "");
    }

    public void Dispose() => _runner.Dispose();

    private static YamlMappingNode Load(params string[] path)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Path.Combine([Repository.Root, .. path]))) yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] keys)
    {
        foreach (var key in keys) node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        return node;
    }

    private static Dictionary<string, string> Scalars(YamlNode mapping) =>
        ((YamlMappingNode)mapping).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? "");

    private static Dictionary<string, YamlMappingNode> Mappings(YamlNode mapping) =>
        ((YamlMappingNode)mapping).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (YamlMappingNode)p.Value);

    private static List<YamlMappingNode> Steps() =>
        [.. ((YamlSequenceNode)At(Load(".github", "workflows", "endorse-image.yml"), "jobs", "endorse", "steps")).Children.Cast<YamlMappingNode>()];

    private static YamlMappingNode ActionStep() =>
        Steps().Single(s => s.Children.TryGetValue(new YamlScalarNode("uses"), out var u) && ((YamlScalarNode)u).Value == "./.imagegate");

    private static int StepIndex(Func<YamlMappingNode, bool> predicate) => Steps().FindIndex(s => predicate(s));

    private static string Resolve(string value, Func<string, string?> lookup) =>
        Expression.Replace(value, m => lookup(m.Groups[1].Value) ?? throw new InvalidOperationException($"unresolved expression {m.Value} in '{value}'"));

    /// <summary>Plays the runner: the caller's inputs and secrets through the workflow's step to the action and the
    /// action's run step to run.sh, whose imagegate is a recorder of its arguments and registry environment.</summary>
    private ProcessResult RunThroughWorkflowAndAction(Dictionary<string, string> callerInputs, Dictionary<string, string> callerSecrets)
    {
        var workflow = Load(".github", "workflows", "endorse-image.yml");
        var declared = Mappings(At(workflow, "on", "workflow_call", "inputs"));
        var declaredSecrets = Mappings(At(workflow, "on", "workflow_call", "secrets"));
        foreach (var name in callerInputs.Keys) Assert.True(declared.ContainsKey(name), $"endorse-image.yml has no input {name}");
        foreach (var name in callerSecrets.Keys) Assert.True(declaredSecrets.ContainsKey(name), $"endorse-image.yml has no secret {name}");
        var inputs = declared.ToDictionary(p => p.Key, p => callerInputs.GetValueOrDefault(p.Key)
            ?? (p.Value.Children.TryGetValue(new YamlScalarNode("default"), out var d) ? ((YamlScalarNode)d).Value ?? "" : ""));
        var template = callerInputs["templates"].Trim('[', ']', ' ', '"');

        string? WorkflowLookup(string expr) => expr.Split('.', 2) switch
        {
            ["inputs", var n] => inputs.GetValueOrDefault(n),
            ["secrets", var n] => declaredSecrets.ContainsKey(n) ? callerSecrets.GetValueOrDefault(n, "") : null,
            ["matrix", "template"] => template,
            _ => null,
        };
        var with = Scalars(At(ActionStep(), "with")).ToDictionary(p => p.Key, p => Resolve(p.Value, WorkflowLookup));

        var action = Load("action.yml");
        var actionInputs = Mappings(At(action, "inputs"));
        foreach (var name in with.Keys) Assert.True(actionInputs.ContainsKey(name), $"the workflow passes {name}, which action.yml does not take");
        var actionValues = actionInputs.ToDictionary(p => p.Key, p => with.GetValueOrDefault(p.Key)
            ?? (p.Value.Children.TryGetValue(new YamlScalarNode("default"), out var d) ? ((YamlScalarNode)d).Value ?? "" : ""));
        var runStep = ((YamlSequenceNode)At(action, "runs", "steps")).Children.Cast<YamlMappingNode>()
            .Single(s => s.Children.TryGetValue(new YamlScalarNode("id"), out var id) && ((YamlScalarNode)id).Value == "run");
        string? ActionLookup(string expr) => expr switch
        {
            "github.action_path" => Repository.Root,
            "steps.install.outputs.imagegate" => Recorder(),
            _ when expr.StartsWith("inputs.", StringComparison.Ordinal) => actionValues.GetValueOrDefault(expr["inputs.".Length..]),
            _ => null,
        };
        var env = Scalars(At(runStep, "env")).ToDictionary(p => p.Key, p => Resolve(p.Value, ActionLookup));
        env["GITHUB_ACTIONS"] = "true";
        env["GITHUB_OUTPUT"] = _runner.Combine("output");
        env["RUNNER_TEMP"] = _runner.Combine("temp");
        env["GITHUB_SERVER_URL"] = "https://github.example";
        env["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.example";
        env["GITHUB_ACTOR"] = "octocat";
        env["GITHUB_TOKEN"] = "";
        var script = Resolve(((YamlScalarNode)At(runStep, "run")).Value!, ActionLookup);
        return ExternalProcess.Run("bash", ["-c", script], _runner.Path, env, TimeSpan.FromMinutes(2));
    }

    private string Recorder()
    {
        var path = _runner.Combine("imagegate-recorder");
        File.WriteAllText(path, $"""
            #!/usr/bin/env bash
            printf '%s\0' "$@" > "{_runner.Combine("args")}"
            printf '%s\n%s\n%s' "${"{"}IMAGEGATE_REGISTRY_USERNAME:-{"}"}" "${"{"}IMAGEGATE_REGISTRY_PASSWORD:-{"}"}" "${"{"}REGISTRY_PASSWORD:-{"}"}" > "{_runner.Combine("registry")}"
            exit 0
            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private string[] RecordedArguments() => File.ReadAllText(_runner.Combine("args")).Split('\0')[..^1];

    [Fact]
    public void The_workflows_registry_inputs_reach_imagegate_as_the_actions_do_with_the_password_only_in_its_environment_and_masked()
    {
        var r = RunThroughWorkflowAndAction(
            new() { ["templates"] = """["images/debian12.pkr.hcl"]""", ["list-repository"] = "biomed/endorsed-images", ["registry"] = "harbor.example.org/biomed", ["registry-username"] = "robot$biomed+push", ["imagegate-ref"] = Ref },
            new() { ["registry-password"] = Password, ["list-token"] = "ghs_list" });

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        var args = RecordedArguments();
        Assert.Equal("images/debian12.pkr.hcl", args[1]);
        Assert.Equal("harbor.example.org/biomed", args[Array.IndexOf(args, "--registry") + 1]);
        Assert.DoesNotContain("--uri", args);
        Assert.DoesNotContain(args, a => a.Contains(Password, StringComparison.Ordinal));
        // IMAGEGATE_REGISTRY_USERNAME and _PASSWORD (which Packer never sees: PackerEnvironment drops IMAGEGATE_…); the input's own variable is gone
        Assert.Equal($"robot$biomed+push\n{Password}\n", File.ReadAllText(_runner.Combine("registry")));
        var lines = (r.StandardOutput + r.StandardError).Split('\n');
        Assert.Equal([$"::add-mask::{Password}"], lines.Where(l => l.Contains(Password, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_workflows_image_uri_still_reaches_imagegate_and_the_registry_user_defaults_to_the_jobs_actor()
    {
        var r = RunThroughWorkflowAndAction(
            new() { ["templates"] = """["images/debian12.pkr.hcl"]""", ["list-repository"] = "biomed/endorsed-images", ["image-uri"] = "https://images.example.org/d12.qcow2", ["registry"] = "ghcr.io/biomed", ["imagegate-ref"] = Ref },
            new() { ["registry-password"] = Password });

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        var args = RecordedArguments();
        Assert.Equal("https://images.example.org/d12.qcow2", args[Array.IndexOf(args, "--uri") + 1]);
        Assert.Equal("ghcr.io/biomed", args[Array.IndexOf(args, "--registry") + 1]);
        Assert.Equal($"octocat\n{Password}\n", File.ReadAllText(_runner.Combine("registry")));
    }

    [Fact]
    public void The_registry_password_is_a_secret_of_the_workflow_and_every_secret_action_input_comes_from_secrets()
    {
        var workflow = Load(".github", "workflows", "endorse-image.yml");
        var inputs = Mappings(At(workflow, "on", "workflow_call", "inputs"));
        var secrets = Mappings(At(workflow, "on", "workflow_call", "secrets"));
        foreach (var name in new[] { "registry", "registry-username", "image-uri" })
            Assert.Equal("string", ((YamlScalarNode)At(inputs[name], "type")).Value);
        Assert.DoesNotContain("registry-password", inputs.Keys);
        Assert.Contains("registry-password", secrets.Keys);

        var with = Scalars(At(ActionStep(), "with"));
        foreach (var name in new[] { "registry", "registry-username", "image-uri" })
            Assert.Equal($"${{{{ inputs.{name} }}}}", with[name]);
        foreach (var name in SecretActionInputs.Where(with.ContainsKey))
            Assert.Equal($"${{{{ secrets.{name} }}}}", with[name]);
        Assert.Equal("${{ secrets.registry-password }}", with["registry-password"]);
    }

    public static TheoryData<string, string, int> Locations() => new()
    {
        { "", "", 2 },
        { "", "ghcr.io/biomed", 0 },
        { "https://images.example.org/d12.qcow2", "", 0 },
        { "https://images.example.org/d12.qcow2", "ghcr.io/biomed", 0 },
    };

    [Theory]
    [MemberData(nameof(Locations))]
    public void An_endorsement_needs_image_uri_or_registry_and_the_workflow_checks_it_before_packer_is_installed(string imageUri, string registry, int expected)
    {
        var check = StepIndex(s => s.Children.TryGetValue(new YamlScalarNode("env"), out var e) && ((YamlMappingNode)e).Children.ContainsKey(new YamlScalarNode("REGISTRY")));
        Assert.True(check >= 0, "no step of endorse-image.yml checks the registry input");
        var install = StepIndex(s => s.Children.TryGetValue(new YamlScalarNode("run"), out var run) && ((YamlScalarNode)run).Value!.Contains("apt-get", StringComparison.Ordinal));
        Assert.True(check < install, "the location check must come before Packer is installed");
        Assert.True(check < Steps().IndexOf(ActionStep()));

        var step = Steps()[check];
        var env = Scalars(At(step, "env")).ToDictionary(p => p.Key, p => Resolve(p.Value, e => e switch
        {
            "inputs.imagegate-ref" => Ref,
            "inputs.list-repository" => "biomed/endorsed-images",
            "inputs.image-uri" => imageUri,
            "inputs.registry" => registry,
            _ => null,
        }));
        var r = ExternalProcess.Run("bash", ["-e", "-o", "pipefail", "-c", ((YamlScalarNode)At(step, "run")).Value!], _runner.Path, env, TimeSpan.FromMinutes(1));

        Assert.Equal(expected, r.ExitCode);
        if (expected == 2)
            Assert.Contains("::error::list-repository needs image-uri", r.StandardOutput, StringComparison.Ordinal);
        else
            Assert.DoesNotContain("::error::", r.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_list_repository_no_download_location_is_needed()
    {
        var step = Steps()[StepIndex(s => s.Children.TryGetValue(new YamlScalarNode("env"), out var e) && ((YamlMappingNode)e).Children.ContainsKey(new YamlScalarNode("REGISTRY")))];
        var env = Scalars(At(step, "env")).ToDictionary(p => p.Key, p => p.Key == "IMAGEGATE_REF" ? Ref : "");
        var r = ExternalProcess.Run("bash", ["-e", "-o", "pipefail", "-c", ((YamlScalarNode)At(step, "run")).Value!], _runner.Path, env, TimeSpan.FromMinutes(1));
        Assert.Equal(0, r.ExitCode);
    }
}
