using System.Text;
using ImageGate.Testing;

namespace ImageGate.Action.Tests;

/// <summary>The composite action's shell steps (.github/actions/scripts) run through bash as the runner runs them:
/// inputs as environment variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_PATH / RUNNER_TEMP set to files
/// and folders of a temporary runner. act cannot run here (no Docker); docs/local-testing.md shows how to run the
/// whole workflows with it elsewhere.</summary>
public sealed class ActionScriptTests : IDisposable
{
    private readonly TempDirectory _runner = new("imagegate-runner");

    public ActionScriptTests()
    {
        Directory.CreateDirectory(_runner.Combine("temp"));
        File.WriteAllText(_runner.Combine("output"), "");
        File.WriteAllText(_runner.Combine("summary"), "");
        File.WriteAllText(_runner.Combine("path"), "");
    }

    public void Dispose() => _runner.Dispose();

    private static string Script(string name)
    {
        var path = Path.Combine(Repository.Root, ".github", "actions", "scripts", name);
        Assert.True(File.Exists(path), $"{path} is missing");
        return path;
    }

    private ProcessResult RunStep(string script, Dictionary<string, string> inputs, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var env = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = _runner.Combine("output"),
            ["GITHUB_STEP_SUMMARY"] = _runner.Combine("summary"),
            ["GITHUB_PATH"] = _runner.Combine("path"),
            ["RUNNER_TEMP"] = _runner.Combine("temp"),
            ["GITHUB_SERVER_URL"] = "https://github.example",
            ["GITHUB_API_URL"] = "https://api.github.example",
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "",
            ["GITHUB_TOKEN"] = "",
        };
        foreach (var (k, v) in inputs) env[k] = v;
        return ExternalProcess.Run("bash", [Script(script)], workingDirectory ?? _runner.Path, env, timeout ?? TimeSpan.FromMinutes(2));
    }

    private Dictionary<string, string> Outputs() => GitHubOutputs.Read(_runner.Combine("output"));

    /// <summary>A stand-in for the imagegate executable that records its arguments (NUL-separated) and the token it
    /// was given: the step's job is to hand every input over intact, which only the receiving end can see.</summary>
    private string Recorder(int exitCode)
    {
        var path = _runner.Combine("imagegate-recorder");
        File.WriteAllText(path, $"""
            #!/usr/bin/env bash
            printf '%s\0' "$@" > "{_runner.Combine("args")}"
            printf '%s' "${"{"}GITHUB_TOKEN:-{"}"}" > "{_runner.Combine("token")}"
            printf '%s' "${"{"}IMAGEGATE_NO_CONFIG:-{"}"}" > "{_runner.Combine("no-config")}"
            printf '%s' "${"{"}IMAGEGATE_SCAN__FINGERPRINT_SALT:-{"}"}" > "{_runner.Combine("salt")}"
            printf '%s\n%s\n%s' "${"{"}IMAGEGATE_REGISTRY_USERNAME:-{"}"}" "${"{"}IMAGEGATE_REGISTRY_PASSWORD:-{"}"}" "${"{"}REGISTRY_PASSWORD:-{"}"}" > "{_runner.Combine("registry")}"
            pwd -P > "{_runner.Combine("cwd")}"
            for a in "$@"; do [ "$a" = --registry-password-stdin ] && cat > "{_runner.Combine("stdin")}"; done
            for a in "$@"; do case "$a" in *signing-key.pem) cp "$a" "{_runner.Combine("key-copy")}"; stat -c %a "$a" > "{_runner.Combine("key-mode")}";; esac; done
            exit {exitCode}
            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private string[] RecordedArguments() => File.ReadAllText(_runner.Combine("args")).Split('\0')[..^1];

    [Fact]
    public void Run_hands_every_input_over_as_separate_arguments_without_evaluating_it()
    {
        var hostile = "a b; touch pwned $(touch pwned2) `touch pwned3` \"quoted\" 'single'";
        var r = RunStep("run.sh", new()
        {
            ["IMAGEGATE"] = Recorder(0),
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.example",
            ["INPUT_TEMPLATE"] = "images/debian 12.pkr.hcl",
            ["INPUT_VARS"] = $"vo=biomed\r\n\n  \nnote={hostile}\n",
            ["INPUT_VAR_FILE"] = "vars/a.json\nvars/b c.json",
            ["INPUT_IMAGE_NAME"] = hostile,
            ["INPUT_IMAGE_VERSION"] = "2026.11.1",
            ["INPUT_LIST_REPOSITORY"] = "biomed/endorsed-images",
            ["INPUT_IMAGE_URI"] = "https://images.example/biomed/debian12-2026.11.1.qcow2",
            ["INPUT_FAIL_ON"] = "medium",
            ["INPUT_DRY_RUN"] = "TRUE",
            ["LIST_TOKEN"] = "ghp_secret",
        });

        Assert.True(r.ExitCode == 0, r.StandardError + r.StandardOutput);
        var outputDir = _runner.Combine("temp", "imagegate", "output");
        Assert.Equal(
            [
                "run", "images/debian 12.pkr.hcl", "--signing", "keyless", "--output-dir", outputDir,
                "--var", "vo=biomed", "--var", $"note={hostile}",
                "--var-file", "vars/a.json", "--var-file", "vars/b c.json",
                "--image-name", hostile, "--image-version", "2026.11.1",
                "--list-repo", "https://github.example/biomed/endorsed-images.git", "--github-repository", "biomed/endorsed-images",
                "--uri", "https://images.example/biomed/debian12-2026.11.1.qcow2",
                "--github-api-url", "https://api.github.example",
                "--fail-on", "medium", "--dry-run",
            ], RecordedArguments());
        Assert.False(File.Exists(_runner.Combine("pwned")) || File.Exists(_runner.Combine("pwned2")) || File.Exists(_runner.Combine("pwned3")));
        // The token goes to imagegate through the environment, masked in the log, never as an argument.
        Assert.Equal("ghp_secret", File.ReadAllText(_runner.Combine("token")));
        Assert.Contains("::add-mask::ghp_secret", r.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(RecordedArguments(), a => a.Contains("ghp_secret", StringComparison.Ordinal));
        var outputs = Outputs();
        Assert.Equal(outputDir, outputs["output-dir"]);
        Assert.Equal("0", outputs["exit-code"]);
    }

    [Fact]
    public void Run_passes_on_imagegates_exit_code()
    {
        var r = RunStep("run.sh", new() { ["IMAGEGATE"] = Recorder(1), ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.example", ["INPUT_TEMPLATE"] = "t.pkr.hcl" });
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("1", Outputs()["exit-code"]);
    }

    [Fact]
    public void Keyless_signing_without_an_oidc_token_says_how_to_fix_it()
    {
        var r = RunStep("run.sh", new() { ["IMAGEGATE"] = Recorder(0), ["INPUT_TEMPLATE"] = "t.pkr.hcl" });
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("::error::keyless signing needs an OIDC token: add 'permissions: id-token: write'", r.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(_runner.Combine("args")));
    }

    [Theory]
    [InlineData("", "list-repository needs image-uri: the address where sites will download the image")]
    [InlineData("file:///etc/passwd", "image-uri must be an http(s) URL")]
    [InlineData("https://images.example/a b.qcow2", "image-uri must be an http(s) URL")]
    public void An_endorsement_without_a_usable_download_location_stops_before_anything_is_built(string uri, string message)
    {
        var r = RunStep("run.sh", new()
        {
            ["IMAGEGATE"] = Recorder(0),
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.example",
            ["INPUT_TEMPLATE"] = "t.pkr.hcl",
            ["INPUT_LIST_REPOSITORY"] = "biomed/endorsed-images",
            ["INPUT_IMAGE_URI"] = uri,
        });
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("::error::" + message, r.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(_runner.Combine("args")));
    }

    [Theory]
    [InlineData("INPUT_SIGNING", "sometimes", "signing must be 'keyless' or 'key'")]
    [InlineData("INPUT_LIST_REPOSITORY", "a/b; rm -rf /", "list-repository must be OWNER/NAME")]
    [InlineData("INPUT_VARS", "novalue", "vars: 'novalue' is not KEY=VALUE")]
    [InlineData("INPUT_TEMPLATE", "", "the 'template' input is required")]
    public void Bad_inputs_stop_before_imagegate_runs(string input, string value, string message)
    {
        var inputs = new Dictionary<string, string>
        {
            ["IMAGEGATE"] = Recorder(0),
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.example",
            ["INPUT_TEMPLATE"] = "t.pkr.hcl",
            [input] = value,
        };
        var r = RunStep("run.sh", inputs);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("::error::" + message, r.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(_runner.Combine("args")));
    }

    [Fact]
    public void Key_signing_hands_over_a_private_key_file_that_is_removed_afterwards()
    {
        const string key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----";
        var r = RunStep("run.sh", new() { ["IMAGEGATE"] = Recorder(0), ["INPUT_TEMPLATE"] = "t.pkr.hcl", ["INPUT_SIGNING"] = "key", ["SIGNING_KEY"] = key });
        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        var keyFile = _runner.Combine("temp", "imagegate", "signing-key.pem");
        Assert.Equal(["--key", keyFile], RecordedArguments()[^2..]);
        Assert.Equal(key + "\n", File.ReadAllText(_runner.Combine("key-copy")));
        Assert.Equal("600", File.ReadAllText(_runner.Combine("key-mode")).Trim());
        Assert.False(File.Exists(keyFile));
        Assert.Contains("::add-mask::MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg", r.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_and_summary_come_from_the_run_report()
    {
        var dir = Directory.CreateDirectory(_runner.Combine("temp", "imagegate", "output")).FullName;
        var digest = "sha256:" + new string('a', 64);
        File.WriteAllText(Path.Combine(dir, "report.json"), "{}");
        File.WriteAllText(Path.Combine(dir, "report.sarif"), "{}");
        File.WriteAllText(Path.Combine(dir, "image.sigstore.json"), "{}");
        File.WriteAllText(Path.Combine(dir, "report.md"), "### Scan: 0 findings at or above high\n");
        File.WriteAllText(Path.Combine(dir, "run.json"), $$"""
            {"imageDigest":"{{digest}}","reportPath":"{{dir}}/report.json","sarifPath":"{{dir}}/report.sarif",
             "bundlePath":"{{dir}}/image.sigstore.json","pullRequestUrl":"https://github.example/biomed/list/pull/7"}
            """);
        File.WriteAllText(Path.Combine(dir, "build.json"), $$"""
            {"images":[{"path":"/w/out/debian12.qcow2","format":"qcow2","size":1048576,"digest":"{{digest}}","sha256":"{{new string('a', 64)}}"}]}
            """);

        var r = RunStep("outputs.sh", new() { ["OUTPUT_DIR"] = dir, ["SHOW_SUMMARY"] = "true", ["RUN_EXIT_CODE"] = "0" });

        Assert.True(r.ExitCode == 0, r.StandardError);
        var outputs = Outputs();
        Assert.Equal(digest, outputs["image-digest"]);
        Assert.Equal(Path.Combine(dir, "report.json"), outputs["report-path"]);
        Assert.Equal(Path.Combine(dir, "report.sarif"), outputs["sarif-path"]);
        Assert.Equal(Path.Combine(dir, "image.sigstore.json"), outputs["bundle-path"]);
        Assert.Equal("https://github.example/biomed/list/pull/7", outputs["pull-request-url"]);
        var summary = File.ReadAllText(_runner.Combine("summary"));
        Assert.StartsWith("## ImageGate: passed", summary, StringComparison.Ordinal);
        Assert.Contains("### Scan: 0 findings at or above high", summary, StringComparison.Ordinal);
        Assert.Contains("| `debian12.qcow2` | qcow2 | 1048576 |", summary, StringComparison.Ordinal);
        Assert.Contains("| endorsement pull request | https://github.example/biomed/list/pull/7 |", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_run_json_the_outputs_are_found_from_the_files()
    {
        var dir = Directory.CreateDirectory(_runner.Combine("temp", "out")).FullName;
        var digest = "sha256:" + new string('b', 64);
        File.WriteAllText(Path.Combine(dir, "report.sarif"), "{}");
        File.WriteAllText(Path.Combine(dir, "build.json"), $$"""{"images":[{"path":"/x.img","format":"raw","size":512,"digest":"{{digest}}","sha256":"b"}]}""");

        var r = RunStep("outputs.sh", new() { ["OUTPUT_DIR"] = dir, ["SHOW_SUMMARY"] = "false", ["RUN_EXIT_CODE"] = "1" });

        Assert.True(r.ExitCode == 0, r.StandardError);
        var outputs = Outputs();
        Assert.Equal(digest, outputs["image-digest"]);
        Assert.Equal(Path.Combine(dir, "report.sarif"), outputs["sarif-path"]);
        Assert.Equal("", outputs["report-path"]);
        Assert.Equal("", outputs["pull-request-url"]);
        Assert.Equal("", File.ReadAllText(_runner.Combine("summary")));
    }

    [Fact]
    public void Forged_values_in_the_report_cannot_inject_outputs()
    {
        var dir = Directory.CreateDirectory(_runner.Combine("temp", "forged")).FullName;
        File.WriteAllText(Path.Combine(dir, "run.json"), """
            {"imageDigest":"sha256:abc\nimage-digest=sha256:evil","pullRequestUrl":"javascript:alert(1)","reportPath":"/etc/passwd\nsarif-path=/x"}
            """);

        var r = RunStep("outputs.sh", new() { ["OUTPUT_DIR"] = dir, ["SHOW_SUMMARY"] = "true", ["RUN_EXIT_CODE"] = "3" });

        Assert.True(r.ExitCode == 0, r.StandardError);
        var outputs = Outputs();
        Assert.Equal(["bundle-path", "image-digest", "pull-request-url", "report-path", "sarif-path"], outputs.Keys.Order());
        Assert.All(outputs.Values, v => Assert.Equal("", v));
        Assert.Contains("## ImageGate: failed unexpectedly (exit 3)", File.ReadAllText(_runner.Combine("summary")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_image_file_name_stays_one_code_cell_of_the_summary()
    {
        var dir = Directory.CreateDirectory(_runner.Combine("temp", "hostile")).FullName;
        File.WriteAllText(Path.Combine(dir, "build.json"), """
            {"images":[{"path":"/w/out/a`b [x](x.html) @octocat | c\r\n| d.qcow2","format":"qcow2|raw","size":512,"sha256":"ab"}]}
            """);

        var r = RunStep("outputs.sh", new() { ["OUTPUT_DIR"] = dir, ["SHOW_SUMMARY"] = "true", ["RUN_EXIT_CODE"] = "0" });

        Assert.True(r.ExitCode == 0, r.StandardError);
        var rows = File.ReadAllLines(_runner.Combine("summary")).SkipWhile(l => !l.StartsWith("| image |", StringComparison.Ordinal)).Skip(2).ToList();
        Assert.Equal(["| `a'b [x](x.html) @octocat \\| c  \\| d.qcow2` | qcow2\\|raw | 512 | `ab` |"], rows);
    }

    [Fact]
    public void A_released_version_that_is_not_a_version_is_refused()
    {
        var r = RunStep("install.sh", new() { ["IMAGEGATE_VERSION"] = "1.0; curl evil", ["ACTION_PATH"] = Repository.Root });
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is not a version such as 1.2.3", r.StandardOutput + r.StandardError, StringComparison.Ordinal);
        Assert.Equal("", File.ReadAllText(_runner.Combine("path")));
    }

    [Fact]
    public void Recheck_in_github_mode_reads_and_pushes_the_list_on_github_and_passes_on_the_exit_code()
    {
        var r = RunStep("recheck.sh", new() { ["IMAGEGATE"] = Recorder(1), ["REPOSITORY"] = "vo/endorsed-images", ["DRY_RUN"] = "false", ["GITHUB_TOKEN"] = "ghs_secret" });

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(["recheck", "--no-config", "--list-repo", "https://github.example/vo/endorsed-images.git", "--github-repository", "vo/endorsed-images",
            "--github-api-url", "https://api.github.example", "--patch-cache", _runner.Combine("temp", "imagegate", "patch-cache")], RecordedArguments());
        Assert.Equal("ghs_secret", File.ReadAllText(_runner.Combine("token")));
        Assert.DoesNotContain("ghs_secret", string.Join(' ', RecordedArguments()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", "vo/endorsed-images")]
    [InlineData("false", "")]
    public void Recheck_as_a_dry_run_or_without_a_repository_only_reports_on_the_checked_out_list(string dryRun, string repository)
    {
        var r = RunStep("recheck.sh", new() { ["IMAGEGATE"] = Recorder(0), ["REPOSITORY"] = repository, ["DRY_RUN"] = dryRun });

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["recheck", "--no-config", "--list-repo", _runner.Path, "--dry-run", "--patch-cache", _runner.Combine("temp", "imagegate", "patch-cache")], RecordedArguments());
    }

    [Fact]
    public void Recheck_refuses_a_repository_that_is_not_owner_slash_name()
    {
        var r = RunStep("recheck.sh", new() { ["IMAGEGATE"] = Recorder(0), ["REPOSITORY"] = "a/b c", ["DRY_RUN"] = "false" });
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("repository must be OWNER/NAME", r.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(_runner.Combine("args")));
    }

    /// <summary>A checkout of the list repository as the privileged jobs see it: the list plus what an attacker with
    /// write access to it would plant (configuration that would send the job's OIDC token elsewhere and push the expiry
    /// out, MSBuild response file, NuGet configuration).</summary>
    private string PlantedListCheckout()
    {
        var list = Directory.CreateDirectory(_runner.Combine("work", "list")).FullName;
        File.WriteAllText(Path.Combine(list, "imagegate.yaml"), "publish:\n  fulcio-url: https://attacker.example/\n  expires-at: 2099-01-01T00:00:00Z\n");
        File.WriteAllText(Path.Combine(list, "imagegate.json"), """{ "recheck": { "github-api-url": "https://attacker.example/" } }""");
        File.WriteAllText(Path.Combine(list, "Directory.Build.rsp"), "-p:Version=6.6.6-planted\n");
        File.WriteAllText(Path.Combine(list, "NuGet.Config"), "<configuration><packageSources><add key=\"evil\" value=\"https://attacker.example/nuget\" /></packageSources></configuration>");
        return list;
    }

    private void AssertRanOutsideTheListWithoutConfiguration(string list)
    {
        var cwd = File.ReadAllText(_runner.Combine("cwd")).Trim();
        Assert.False(cwd == list || cwd.StartsWith(list + "/", StringComparison.Ordinal), $"imagegate ran inside the list checkout ({cwd})");
        Assert.Empty(Directory.GetFiles(cwd, "imagegate.*"));
        Assert.Equal("1", File.ReadAllText(_runner.Combine("no-config")));
        Assert.Contains("--no-config", RecordedArguments());
    }

    [Fact]
    public void Publish_runs_imagegate_outside_the_list_checkout_with_no_configuration_file()
    {
        var list = PlantedListCheckout();
        var r = RunStep("publish.sh", new() { ["IMAGEGATE"] = Recorder(0), ["RELEASE_TAG"] = "endorsed-list", ["REPOSITORY"] = "vo/list" }, workingDirectory: list);

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        AssertRanOutsideTheListWithoutConfiguration(list);
        var args = RecordedArguments();
        Assert.Equal(list, args[Array.IndexOf(args, "--list-repo") + 1]);
        Assert.Equal("28", args[Array.IndexOf(args, "--expires-in") + 1]);
        Assert.DoesNotContain(args, a => a.Contains("attacker", StringComparison.Ordinal) || a.Contains("2099", StringComparison.Ordinal));
    }

    [Fact]
    public void Publish_with_a_registry_syncs_its_tags_with_the_password_on_standard_input_only()
    {
        var r = RunStep("publish.sh", new()
        {
            ["IMAGEGATE"] = Recorder(0), ["RELEASE_TAG"] = "endorsed-list", ["REPOSITORY"] = "vo/list", ["REGISTRY"] = "registry.example.org",
            ["REGISTRY_USERNAME"] = "robot$vo+publish", ["REGISTRY_PASSWORD"] = "harbor-robot-secret",
        });

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        var args = RecordedArguments();
        Assert.Contains("--registry-sync", args);
        Assert.Contains("--registry-password-stdin", args);
        Assert.Equal("robot$vo+publish", args[Array.IndexOf(args, "--registry-username") + 1]);
        Assert.Equal("harbor-robot-secret", File.ReadAllText(_runner.Combine("stdin")).TrimEnd('\n'));
        Assert.Contains("::add-mask::harbor-robot-secret", r.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(args, a => a.Contains("harbor-robot-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Publish_without_a_registry_skips_the_registry_sync()
    {
        var r = RunStep("publish.sh", new() { ["IMAGEGATE"] = Recorder(0), ["RELEASE_TAG"] = "endorsed-list", ["REPOSITORY"] = "vo/list", ["REGISTRY_PASSWORD"] = "unused-secret" });

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        Assert.DoesNotContain("--registry-sync", RecordedArguments());
        Assert.DoesNotContain("--registry-username", RecordedArguments());
        Assert.Contains("registry's tags are not synced", r.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://registry.example.org", "u", "p")]
    [InlineData("registry.example.org/vo", "u", "p")]
    [InlineData("registry.example.org", "user name; rm -rf /", "p")]
    [InlineData("registry.example.org", "robot$vo+publish", "")]
    [InlineData("registry.example.org", "", "secret")]
    public void Publish_refuses_a_bad_registry_or_user_name_before_running_imagegate(string registry, string username, string password)
    {
        var r = RunStep("publish.sh", new()
        {
            ["IMAGEGATE"] = Recorder(0), ["RELEASE_TAG"] = "endorsed-list", ["REPOSITORY"] = "vo/list", ["REGISTRY"] = registry,
            ["REGISTRY_USERNAME"] = username, ["REGISTRY_PASSWORD"] = password,
        });

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("::error::registry", r.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(_runner.Combine("args")));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void Recheck_runs_imagegate_outside_the_list_checkout_with_no_configuration_file(string dryRun)
    {
        var list = PlantedListCheckout();
        var r = RunStep("recheck.sh", new() { ["IMAGEGATE"] = Recorder(0), ["REPOSITORY"] = "vo/list", ["DRY_RUN"] = dryRun, ["GITHUB_TOKEN"] = "ghs_x" }, workingDirectory: list);

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        AssertRanOutsideTheListWithoutConfiguration(list);
        if (dryRun == "true") Assert.Equal(list, RecordedArguments()[Array.IndexOf(RecordedArguments(), "--list-repo") + 1]);
    }

    [Fact]
    public void A_fingerprint_salt_reaches_imagegate_masked_in_its_environment_never_as_an_argument()
    {
        var r = RunStep("run.sh", new() { ["IMAGEGATE"] = Recorder(0), ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.example", ["INPUT_TEMPLATE"] = "t.pkr.hcl",
            ["FINGERPRINT_SALT"] = "team-private-salt" });

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        Assert.Equal("team-private-salt", File.ReadAllText(_runner.Combine("salt")));
        Assert.Contains("::add-mask::team-private-salt", r.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(RecordedArguments(), a => a.Contains("team-private-salt", StringComparison.Ordinal));
        Assert.DoesNotContain("::warning::", r.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_fingerprint_salt_the_step_warns_that_the_public_default_is_used()
    {
        var r = RunStep("run.sh", new() { ["IMAGEGATE"] = Recorder(0), ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.example", ["INPUT_TEMPLATE"] = "t.pkr.hcl" });

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        Assert.Contains(r.StandardOutput.Split('\n'), l => l.StartsWith("::warning::no fingerprint-salt: the findings' fingerprints use ImageGate's public default salt", StringComparison.Ordinal));
        Assert.Equal("", File.ReadAllText(_runner.Combine("salt")));
    }

    [Fact]
    public void A_registry_alone_is_a_download_location_and_its_password_reaches_imagegate_masked_in_its_environment_only()
    {
        var r = RunStep("run.sh", new()
        {
            ["IMAGEGATE"] = Recorder(0),
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.example",
            ["INPUT_TEMPLATE"] = "t.pkr.hcl",
            ["INPUT_LIST_REPOSITORY"] = "biomed/endorsed-images",
            ["INPUT_REGISTRY"] = "ghcr.io/biomed",
            ["REGISTRY_PASSWORD"] = "ghs_registry_secret",
            ["GITHUB_ACTOR"] = "octocat",
        });

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        var args = RecordedArguments();
        Assert.Equal("ghcr.io/biomed", args[Array.IndexOf(args, "--registry") + 1]);
        Assert.DoesNotContain("--uri", args);
        Assert.Contains("--list-repo", args);
        Assert.DoesNotContain(args, a => a.Contains("ghs_registry_secret", StringComparison.Ordinal));
        // IMAGEGATE_REGISTRY_USERNAME (the job's actor by default) and _PASSWORD; the input's own variable is gone
        Assert.Equal("octocat\nghs_registry_secret\n", File.ReadAllText(_runner.Combine("registry")));
        Assert.Contains("::add-mask::ghs_registry_secret", r.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INPUT_REGISTRY", "ghcr.io", "registry must be REGISTRY/NAMESPACE")]
    [InlineData("INPUT_REGISTRY", "ghcr.io/biomed; rm -rf /", "registry must be REGISTRY/NAMESPACE")]
    [InlineData("INPUT_REGISTRY_USERNAME", "robot$vo", "registry-username needs registry-password")]
    [InlineData("REGISTRY_PASSWORD", "secret", "registry-password is given but registry is not")]
    public void Bad_registry_inputs_stop_before_imagegate_runs(string input, string value, string message)
    {
        var r = RunStep("run.sh", new()
        {
            ["IMAGEGATE"] = Recorder(0),
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.example",
            ["INPUT_TEMPLATE"] = "t.pkr.hcl",
            [input] = value,
        });
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("::error::" + message, r.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(_runner.Combine("args")));
    }
}
