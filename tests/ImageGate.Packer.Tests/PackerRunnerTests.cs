using System.Collections.Concurrent;
using System.Diagnostics;
using ImageGate.Core.Errors;
using ImageGate.Packer.Artifacts;
using ImageGate.Testing;

namespace ImageGate.Packer.Tests;

/// <summary>Real Packer 1.6.6 runs (null builders, shell-local, qemu-img): each takes a second or two.</summary>
public sealed class PackerRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Recorder : IProgress<PackerEvent>
    {
        public ConcurrentQueue<PackerEvent> Events { get; } = new();
        public Action<PackerEvent>? OnEvent { get; init; }
        public void Report(PackerEvent value)
        {
            Events.Enqueue(value);
            OnEvent?.Invoke(value);
        }
    }

    public PackerRunnerTests()
    {
        ExternalProcess.Require("packer");
        ExternalProcess.Require("qemu-img");
    }

    [Fact]
    public async Task The_installed_packer_version_is_read_and_checked()
    {
        var check = await new PackerRunner().CheckVersionAsync(Ct);
        var expected = ExternalProcess.Run("packer", ["version"]).StandardOutput; // "Packer v1.6.6"
        Assert.Contains($"v{check.Installed}", expected, StringComparison.Ordinal);
        Assert.False(check.IsOutdated);

        var strict = await new PackerRunner(new PackerOptions { MinimumVersion = new Version(99, 0, 0) }).CheckVersionAsync(Ct);
        Assert.Equal("tooling/packer-outdated", strict.Finding!.RuleId);
    }

    [Fact]
    public async Task A_build_yields_each_disk_image_once_with_format_size_and_digests()
    {
        using var work = new TempDirectory();
        var recorder = new Recorder();
        var request = new PackerBuildRequest(TestData.Template("disks.json"))
        {
            WorkingDirectory = work.Path,
            Variables = [KeyValuePair.Create("name", "team a, image")],
            VariableFiles = [TestData.Template("size.json")],
            LogPath = work.Combine("logs", "packer.log"),
        };

        var result = await new PackerRunner().BuildAsync(request, recorder, Ct);

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Errors);
        Assert.Equal([DiskImageFormat.Qcow2, DiskImageFormat.Vmdk], result.Images.Select(i => i.Format).Order());
        foreach (var image in result.Images)
        {
            Assert.Equal(work.Combine("out", $"team a, image-{image.Build}.img"), image.Path);
            Assert.Equal(new FileInfo(image.Path).Length, image.Size);
            Assert.Equal(ExternalProcess.Run("sha256sum", [image.Path]).StandardOutput.Split(' ')[0], image.Sha256);
            Assert.Equal(128, image.Sha512.Length);
            // qemu-img info agrees on the format and the var-file's size (2M) reached the template.
            var info = ExternalProcess.Run("qemu-img", ["info", "--output=json", image.Path]).StandardOutput;
            Assert.Contains("\"virtual-size\": 2097152", info, StringComparison.Ordinal);
        }
        // Artifacts de-duplicated: the null builder's and the artifice one, per build.
        Assert.Equal(4, result.Artifacts.Count);
        // The manifest post-processor was read: this run's builds with the template's custom data.
        Assert.NotNull(result.Manifest);
        Assert.Equal(["qcow2", "vmdk"], result.Manifest!.Select(b => b.Name).Order());
        Assert.All(result.Manifest, b => Assert.Equal("team a, image", b.CustomData["image"]));
        // Progress arrived with commas restored, and the raw stream was logged.
        Assert.Contains(recorder.Events, e => e.Kind == PackerEventKind.Message && e.Text.Contains("making qcow2, size 2M", StringComparison.Ordinal));
        Assert.Contains("%!(PACKER_COMMA)", File.ReadAllText(request.LogPath!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_builds_the_named_build()
    {
        using var work = new TempDirectory();
        var result = await new PackerRunner().BuildAsync(
            new PackerBuildRequest(TestData.Template("disks.json")) { WorkingDirectory = work.Path, Only = ["vmdk"] }, null, Ct);
        Assert.True(result.Succeeded);
        var image = Assert.Single(result.Images);
        Assert.Equal(DiskImageFormat.Vmdk, image.Format);
        Assert.False(File.Exists(work.Combine("out", "demo-qcow2.img")));
    }

    [Fact]
    public async Task Packer_and_its_provisioners_never_see_the_list_token_the_oidc_request_or_imagegate_secrets()
    {
        using var work = new TempDirectory();
        var environment = new Dictionary<string, string>(PackerEnvironment.Current())
        {
            ["GITHUB_TOKEN"] = "ghs_list_token_secret",
            ["GH_TOKEN"] = "gho_other_token_secret",
            ["LIST_TOKEN"] = "ghp_list_token_secret",
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "oidc_request_bearer_secret",
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.actions.example/oidc_request_url_secret",
            ["SIGNING_KEY"] = "-----BEGIN PRIVATE KEY----- signing_key_secret",
            ["IMAGEGATE_SCAN__FINGERPRINT_SALT"] = "fingerprint_salt_secret",
            ["IMAGEGATE_RUN__KEY"] = "/tmp/key_path_secret.pem",
            ["PKR_VAR_team"] = "biomed-kept",
        };

        var result = await new PackerRunner(new PackerOptions { BaseEnvironment = environment }).BuildAsync(
            new PackerBuildRequest(TestData.Template("env-dump.json")) { WorkingDirectory = work.Path }, null, Ct);

        Assert.True(File.Exists(work.Combine("env.txt")), string.Join('\n', result.Errors));
        var dumped = File.ReadAllText(work.Combine("env.txt"));
        foreach (var secret in new[] { "ghs_list_token_secret", "gho_other_token_secret", "ghp_list_token_secret", "oidc_request_bearer_secret",
                     "oidc_request_url_secret", "signing_key_secret", "fingerprint_salt_secret", "key_path_secret" })
            Assert.DoesNotContain(secret, dumped, StringComparison.Ordinal);
        foreach (var name in new[] { "GITHUB_TOKEN=", "ACTIONS_ID_TOKEN_REQUEST_TOKEN=", "ACTIONS_ID_TOKEN_REQUEST_URL=", "IMAGEGATE_" })
            Assert.DoesNotContain(name, dumped, StringComparison.Ordinal);
        // The template's own variables and the rest of the environment still reach it.
        Assert.Contains("PKR_VAR_team=biomed-kept", dumped, StringComparison.Ordinal);
        Assert.Contains("CHECKPOINT_DISABLE=1", dumped, StringComparison.Ordinal);
        Assert.Contains("PATH=", dumped, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_base_environment_packer_inherits_this_process_environment_without_its_secrets()
    {
        var inherited = new Dictionary<string, string> { ["PATH"] = "/bin", ["GITHUB_TOKEN"] = "t", ["imagegate_x"] = "y", ["HOME"] = "/h" };
        var changes = PackerEnvironment.Build(null, inherited, new Dictionary<string, string> { ["PACKER_LOG"] = "1" });
        Assert.Equal(new Dictionary<string, string?> { ["GITHUB_TOKEN"] = null, ["imagegate_x"] = null, ["PACKER_LOG"] = "1", ["CHECKPOINT_DISABLE"] = "1" },
            changes.ToDictionary());
    }

    [Fact]
    public async Task An_hcl2_template_with_a_manifest_yields_its_raw_image()
    {
        using var work = new TempDirectory();
        var result = await new PackerRunner().BuildAsync(
            new PackerBuildRequest(TestData.Template("raw.pkr.hcl")) { WorkingDirectory = work.Path }, null, Ct);
        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        var image = Assert.Single(result.Images);
        Assert.Equal(DiskImageFormat.Raw, image.Format);
        Assert.Equal(1 << 20, image.Size);
        Assert.Equal("raw", Assert.Single(result.Manifest!).Name);
    }

    [Fact]
    public async Task A_failed_build_returns_packers_error_lines()
    {
        using var work = new TempDirectory();
        var result = await new PackerRunner().BuildAsync(
            new PackerBuildRequest(TestData.Template("failing.json")) { WorkingDirectory = work.Path }, null, Ct);
        Assert.False(result.Succeeded);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("==> broken: disk full, giving up", result.Errors);
        Assert.Empty(result.Images);
    }

    [Fact]
    public async Task A_template_packer_rejects_is_bad_input_with_packers_message()
    {
        var ex = await Assert.ThrowsAsync<BadInputException>(() =>
            new PackerRunner().BuildAsync(new PackerBuildRequest(TestData.Template("invalid.json")), null, Ct));
        Assert.Equal(TestData.Template("invalid.json"), ex.Path);
        Assert.Contains("Unknown builder no-such-builder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_template_or_variable_file_is_bad_input_before_packer_runs()
    {
        var runner = new PackerRunner(new PackerOptions { Executable = "/nonexistent/packer" });
        var missing = await Assert.ThrowsAsync<BadInputException>(() => runner.BuildAsync(new PackerBuildRequest("/nonexistent/t.json"), null, Ct));
        Assert.Equal("/nonexistent/t.json", missing.Path);
        var varFile = await Assert.ThrowsAsync<BadInputException>(() => runner.BuildAsync(
            new PackerBuildRequest(TestData.Template("disks.json")) { VariableFiles = ["/nonexistent/v.json"] }, null, Ct));
        Assert.Equal("/nonexistent/v.json", varFile.Path);
    }

    [Fact]
    public async Task A_missing_packer_is_an_external_tool_error()
    {
        var runner = new PackerRunner(new PackerOptions { Executable = "/nonexistent/packer" });
        var ex = await Assert.ThrowsAsync<ExternalToolException>(() => runner.CheckVersionAsync(Ct));
        Assert.Equal("packer", ex.Tool);
    }

    [Fact]
    public async Task Cancelling_interrupts_packer_which_cleans_up_and_exits()
    {
        using var work = new TempDirectory();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var sinceCancel = new Stopwatch();
        var recorder = new Recorder
        {
            OnEvent = e =>
            {
                if (!e.Text.Contains("slow: started", StringComparison.Ordinal)) return;
                sinceCancel.Start();
                cts.Cancel();
            },
        };
        var request = new PackerBuildRequest(TestData.Template("slow.json")) { WorkingDirectory = work.Path, LogPath = work.Combine("packer.log") };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PackerRunner().BuildAsync(request, recorder, cts.Token));

        // The provisioner sleeps 60 s: returning well before proves Packer stopped it (generous for a loaded machine).
        Assert.True(sinceCancel.IsRunning && sinceCancel.Elapsed < TimeSpan.FromSeconds(45), $"took {sinceCancel.Elapsed} after cancelling");
        // Packer received the interrupt (not a kill): it said so and cancelled its builds cleanly.
        Assert.Contains(recorder.Events, e => e.Kind == PackerEventKind.Error && e.Text == "Cancelling build after receiving interrupt");
        Assert.Contains(recorder.Events, e => e.Text.Contains("Cleanly cancelled builds", StringComparison.Ordinal));
        Assert.DoesNotContain(recorder.Events, e => e.Text.Contains("slow: finished", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_also_interrupts_a_child_started_after_the_first_signal()
    {
        using var work = new TempDirectory();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var sinceCancel = new Stopwatch();
        var recorder = new Recorder
        {
            OnEvent = e =>
            {
                if (!e.Text.Contains("late: started", StringComparison.Ordinal)) return;
                sinceCancel.Start();
                cts.Cancel();
            },
        };
        var request = new PackerBuildRequest(TestData.Template("late-child.json")) { WorkingDirectory = work.Path };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PackerRunner().BuildAsync(request, recorder, cts.Token));

        // The shell ignores SIGINT, so only the child it starts 3 s later (perl, sleeping 60 s) can be interrupted:
        // returning well before a minute proves the interrupt reached a process that did not exist when it began.
        Assert.True(sinceCancel.IsRunning && sinceCancel.Elapsed < TimeSpan.FromSeconds(45), $"took {sinceCancel.Elapsed} after cancelling");
        Assert.DoesNotContain(recorder.Events, e => e.Text.Contains("late: finished", StringComparison.Ordinal));
    }
}
