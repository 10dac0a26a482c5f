using System.ComponentModel;
using System.Text;
using CliWrap;
using CliWrap.Builders;
using ImageGate.Core.Errors;
using ImageGate.Packer.Artifacts;
using ImageGate.Packer.MachineReadable;
using ImageGate.Packer.Manifest;
using ImageGate.Packer.Versioning;

namespace ImageGate.Packer;

/// <summary>Runs Packer: checks its version against the policy, validates the template, builds it with
/// <c>-machine-readable</c> output parsed as it arrives, and collects the disk images made. Cancelling the token
/// interrupts Packer (SIGINT) so it cleans up, waits for it, then throws <see cref="OperationCanceledException"/>.</summary>
public sealed class PackerRunner
{
    private const int MaxStandardErrorLines = 200;
    private static readonly TimeSpan InterruptInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Creates a runner with <paramref name="options"/> (defaults when null).</summary>
    public PackerRunner(PackerOptions? options = null) => Options = options ?? new PackerOptions();

    /// <summary>How Packer is run.</summary>
    public PackerOptions Options { get; }

    /// <summary>Runs <c>packer version</c> and checks it against <see cref="PackerOptions.MinimumVersion"/>.</summary>
    public async Task<PackerVersionCheck> CheckVersionAsync(CancellationToken cancellationToken = default)
    {
        var parser = new MachineReadableParser();
        var output = new StringBuilder();
        var run = await RunAsync(b => b.Add("version").Add("-machine-readable"), null, line =>
        {
            output.AppendLine(line);
            foreach (var _ in parser.Feed(line)) { }
        }, cancellationToken).ConfigureAwait(false);
        var text = parser.Version ?? output.ToString();
        var installed = run.ExitCode == 0 ? PackerVersionCheck.ParseVersion(text) : null;
        if (installed is null)
            throw new ExternalToolException("packer", $"cannot read the version from 'packer version' (exit {run.ExitCode}): {Shorten(output + run.StandardError)}");
        return PackerVersionCheck.Evaluate(installed, Options.MinimumVersion);
    }

    /// <summary>Runs <c>packer validate</c>; a template Packer rejects is bad input naming the template and Packer's message.</summary>
    public async Task ValidateAsync(PackerBuildRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var template = CheckInputs(request);
        var output = new StringBuilder();
        var run = await RunAsync(b => AddBuildArguments(b.Add("validate"), request, template), request.WorkingDirectory,
            line => { if (output.Length < 64 * 1024) output.AppendLine(line); }, cancellationToken).ConfigureAwait(false);
        if (run.ExitCode != 0)
            throw new BadInputException($"Packer rejected the template:\n{(output + run.StandardError).Trim()}", template);
    }

    /// <summary>Checks the version, validates, builds, and inspects the disk images made. Progress (ui lines,
    /// artifacts, ImageGate's stages) goes to <paramref name="progress"/> as it arrives. A failed build is a result
    /// with <see cref="PackerBuildResult.Succeeded"/> false and Packer's error lines, not an exception.</summary>
    public async Task<PackerBuildResult> BuildAsync(PackerBuildRequest request, IProgress<PackerEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var template = CheckInputs(request);
        var workingDirectory = Path.GetFullPath(request.WorkingDirectory ?? Environment.CurrentDirectory);

        progress?.Report(new PackerEvent(PackerEventKind.Stage, null, "checking the Packer version"));
        var version = await CheckVersionAsync(cancellationToken).ConfigureAwait(false);
        if (version.Finding is { } finding)
            progress?.Report(new PackerEvent(PackerEventKind.Stage, null, $"{finding.RuleId}: {finding.Message}"));

        progress?.Report(new PackerEvent(PackerEventKind.Stage, null, $"validating {template}"));
        await ValidateAsync(request, cancellationToken).ConfigureAwait(false);

        progress?.Report(new PackerEvent(PackerEventKind.Stage, null, $"building {template} with Packer {version.Installed}"));
        var parser = new MachineReadableParser();
        StreamWriter? log = null;
        if (request.LogPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(request.LogPath))!);
            log = new StreamWriter(request.LogPath, append: false, new UTF8Encoding(false));
        }
        ProcessRun run;
        try
        {
            run = await RunAsync(b => AddBuildArguments(b.Add("build").Add("-machine-readable"), request, template), workingDirectory, line =>
            {
                log?.WriteLine(line);
                foreach (var e in parser.Feed(line)) progress?.Report(e);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (log is not null) await log.DisposeAsync().ConfigureAwait(false);
        }

        var succeeded = run.ExitCode == 0;
        var errors = new List<string>(parser.ErrorLines);
        if (!succeeded && errors.Count == 0)
            errors.AddRange(run.StandardErrorLines.Count > 0 ? run.StandardErrorLines : [$"packer build exited with code {run.ExitCode}"]);

        IReadOnlyList<PackerManifestBuild>? manifest = null;
        var manifestPath = request.ManifestPath ?? ManifestReader.Locate(template);
        if (manifestPath is not null)
        {
            manifestPath = Path.GetFullPath(manifestPath, workingDirectory);
            if (File.Exists(manifestPath)) manifest = ManifestReader.Read(manifestPath);
        }

        var images = new List<DiskImageArtifact>();
        if (succeeded)
        {
            var candidates = parser.Artifacts.SelectMany(a => a.Files.Select(f => (a.Build, File: f)))
                .Concat((manifest ?? []).SelectMany(b => b.Files.Select(f => (Build: b.Name, File: f.Key))));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (build, file) in candidates)
            {
                var full = Path.GetFullPath(file, workingDirectory);
                if (!seen.Add(full) || !DiskImageInspector.IsDiskImage(full)) continue;
                progress?.Report(new PackerEvent(PackerEventKind.Stage, build, $"computing digests of {full}"));
                images.Add(await DiskImageInspector.InspectAsync(full, build, cancellationToken).ConfigureAwait(false));
            }
        }
        return new PackerBuildResult(template, version, succeeded, run.ExitCode, errors, parser.Artifacts, images, manifest);
    }

    private static string CheckInputs(PackerBuildRequest request)
    {
        var baseDir = request.WorkingDirectory ?? Environment.CurrentDirectory;
        var template = Path.GetFullPath(request.Template, baseDir);
        if (!File.Exists(template) && !Directory.Exists(template))
            throw new BadInputException("Packer template not found", request.Template);
        foreach (var file in request.VariableFiles)
            if (!File.Exists(Path.GetFullPath(file, baseDir)))
                throw new BadInputException("variable file not found", file);
        foreach (var (key, _) in request.Variables)
            if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal))
                throw new BadInputException($"invalid variable name '{key}'");
        return template;
    }

    private static ArgumentsBuilder AddBuildArguments(ArgumentsBuilder b, PackerBuildRequest request, string template)
    {
        foreach (var (key, value) in request.Variables) b.Add("-var").Add($"{key}={value}");
        foreach (var file in request.VariableFiles) b.Add($"-var-file={file}");
        if (request.Only.Count > 0) b.Add($"-only={string.Join(',', request.Only)}");
        return b.Add(template);
    }

    private async Task<ProcessRun> RunAsync(Action<ArgumentsBuilder> arguments, string? workingDirectory, Action<string> onLine, CancellationToken cancellationToken)
    {
        var stderr = new List<string>();
        // Packer runs in its own session (setsid), so its process group holds everything it starts, even a
        // provisioner's shell whose plugin has exited; a cancellation interrupts that whole group.
        string executable;
        try { executable = Session.Available ? Session.Resolve(Options.Executable) : Options.Executable; }
        catch (Win32Exception ex) { throw NotInstalled(ex); }
        var command = (Session.Available
                ? Cli.Wrap(Session.Setsid).WithArguments(b => arguments(b.Add(executable)))
                : Cli.Wrap(executable).WithArguments(arguments))
            .WithWorkingDirectory(workingDirectory ?? Environment.CurrentDirectory)
            .WithEnvironmentVariables(env =>
            {
                foreach (var (k, v) in PackerEnvironment.Build(Options.BaseEnvironment, PackerEnvironment.Current(), Options.Environment)) env.Set(k, v);
            })
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(onLine))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line =>
            {
                lock (stderr)
                {
                    if (stderr.Count >= MaxStandardErrorLines) stderr.RemoveAt(0);
                    stderr.Add(line);
                }
            }));

        // Interrupt first (SIGINT to Packer and its children, so it runs its cleanup), kill after the grace period.
        using var forceful = new CancellationTokenSource();
        using var exited = new CancellationTokenSource();
        Task interrupting = Task.CompletedTask;
        try
        {
            var task = command.ExecuteAsync(forceful.Token);
            var pid = task.ProcessId;
            using var interrupt = cancellationToken.Register(() =>
            {
                interrupting = ProcessTree.InterruptUntilAsync(pid, InterruptInterval, exited.Token);
                forceful.CancelAfter(Options.CancellationGracePeriod);
            });
            using var kill = forceful.Token.Register(() => ProcessTree.KillAll(pid));
            CommandResult result;
            try { result = await task.ConfigureAwait(false); }
            finally
            {
                await exited.CancelAsync().ConfigureAwait(false);
                await interrupting.ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();
            return new ProcessRun(result.ExitCode, stderr);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("Packer was interrupted and has cleaned up", cancellationToken);
        }
        catch (Win32Exception ex)
        {
            throw NotInstalled(ex);
        }
    }

    private ExternalToolException NotInstalled(Win32Exception ex) =>
        new("packer", $"cannot run '{Options.Executable}' ({ex.Message}); install Packer (Debian: apt-get install packer)", ex);

    private static string Shorten(string text) => text.Length > 500 ? text[..500] + " …" : text.Trim();

    /// <summary>setsid(1) from util-linux (essential on Debian), and the executable resolved on PATH the way
    /// execvp would, so a missing Packer is reported as such rather than as setsid's exit code.</summary>
    private static class Session
    {
        public const string Setsid = "/usr/bin/setsid";

        public static bool Available { get; } = OperatingSystem.IsLinux() && File.Exists(Setsid);

        public static string Resolve(string executable)
        {
            if (executable.Contains('/'))
                return File.Exists(executable) ? executable : throw new Win32Exception(2, $"{executable}: no such file");
            foreach (var dir in (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(dir, executable);
                if (File.Exists(candidate)) return candidate;
            }
            throw new Win32Exception(2, $"{executable}: not found on PATH");
        }
    }

    private sealed record ProcessRun(int ExitCode, IReadOnlyList<string> StandardErrorLines)
    {
        public string StandardError => string.Join('\n', StandardErrorLines);
    }
}
