using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Core.Text;
using ImageGate.Packer;

namespace ImageGate.Cli.Commands.Build;

/// <summary><c>imagegate build TEMPLATE</c>: runs Packer (version check, validate, build) and lists the disk images
/// it made with format, size and digests. Exit 0 when images were made, 1 when the build failed or made none.</summary>
public sealed class BuildCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public BuildCommand(CliEnvironment env) : base("build", "Run Packer and collect the disk images it made", env)
    {
        Arguments.Add(Template);
        Options.Add(Var);
        Options.Add(VarFile);
        Options.Add(Only);
        Options.Add(Json);
        Options.Add(OutputDir);
        Options.Add(PackerMinVersion);
        Var.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (token.Value.IndexOf('=', StringComparison.Ordinal) <= 0)
                    result.AddError($"--var expects KEY=VALUE, got '{token.Value}'");
        });
        PackerMinVersion.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (!Version.TryParse(token.Value, out _))
                    result.AddError($"--packer-min-version expects a version such as 1.9.0, got '{token.Value}'");
        });
    }

    /// <summary>The Packer template (JSON or HCL2 file, or an HCL2 folder).</summary>
    public Argument<string> Template { get; } = new("TEMPLATE") { Description = "Packer template (.json, .pkr.hcl, .pkr.json) or HCL2 folder" };

    /// <summary>Template variables.</summary>
    public Option<string[]> Var { get; } = new("--var") { Description = "Template variable KEY=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };

    /// <summary>Variable files.</summary>
    public Option<string[]> VarFile { get; } = new("--var-file") { Description = "Packer variable file (repeatable)" };

    /// <summary>Builds to run.</summary>
    public Option<string[]> Only { get; } = new("--only") { Description = "Only these builds (repeatable or comma-separated)" };

    /// <summary>Machine output.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result (images, digests, errors) as JSON" };

    /// <summary>Where build.json and packer.log go.</summary>
    public Option<string?> OutputDir { get; } = new("--output-dir") { Description = "Write build.json (the result) and packer.log (Packer's machine-readable output) here" };

    /// <summary>The policy's minimum Packer version.</summary>
    public Option<string?> PackerMinVersion { get; } = new("--packer-min-version")
    {
        Description = $"Oldest acceptable Packer; older ones are reported as tooling/packer-outdated (default {PackerOptions.DefaultMinimumVersion})",
    };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var outputDir = context.Get(OutputDir) is { Length: > 0 } o ? env.ResolvePath(o) : null;
        var request = CreateRequest(env, context.Get(Template)!, context.Get(Var), context.Get(VarFile), context.Get(Only))
            with { LogPath = outputDir is null ? null : Path.Combine(outputDir, "packer.log") };
        var options = CreateOptions(env, context.Get(PackerMinVersion));

        var result = await new PackerRunner(options).BuildAsync(request, new PackerProgressWriter(env.Error), cancellationToken).ConfigureAwait(false);

        var json = BuildResultJson.Serialize(result);
        if (outputDir is not null)
        {
            Directory.CreateDirectory(outputDir);
            await File.WriteAllTextAsync(Path.Combine(outputDir, "build.json"), json, cancellationToken).ConfigureAwait(false);
        }
        WarnFindings(context, result);
        if (context.Get(Json)) await env.Out.WriteLineAsync(json).ConfigureAwait(false);
        else PrintImages(context, result);
        WriteActionsOutputs(context, result, outputDir);
        return await ReportOutcomeAsync(context, result).ConfigureAwait(false);
    }

    /// <summary>The Packer build request from the command line's values (paths resolved, --var parsed, --only split).</summary>
    internal static PackerBuildRequest CreateRequest(CliEnvironment env, string template, string[]? vars, string[]? varFiles, string[]? only) =>
        new(env.ResolvePath(template))
        {
            WorkingDirectory = env.WorkingDirectory,
            Variables = [.. (vars ?? []).Select(ParseVariable)],
            VariableFiles = [.. (varFiles ?? []).Select(env.ResolvePath)],
            Only = [.. (only ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };

    /// <summary>Packer's options: this process's environment (Packer gets it without the pipeline's secrets,
    /// PackerEnvironment) and the minimum version.</summary>
    internal static PackerOptions CreateOptions(CliEnvironment env, string? minimumVersion)
    {
        var options = new PackerOptions { BaseEnvironment = env.Variables };
        if (minimumVersion is { Length: > 0 } min)
            options = options with { MinimumVersion = Version.TryParse(min, out var v) ? v : throw new BadInputException($"invalid --packer-min-version '{min}'") };
        return options;
    }

    /// <summary>Warns about the build's tooling findings (an outdated Packer), also as Actions annotations.</summary>
    internal static void WarnFindings(CommandContext context, PackerBuildResult result)
    {
        foreach (var finding in result.Findings)
        {
            context.Console.Warn($"{finding.RuleId}: {finding.Message}");
            context.Actions.Warning($"{finding.RuleId}: {finding.Message}");
        }
    }

    /// <summary>Says why a build failed or made no image (exit 1), else exit 0.</summary>
    internal static async Task<int> ReportOutcomeAsync(CommandContext context, PackerBuildResult result)
    {
        var env = context.Environment;
        if (!result.Succeeded)
        {
            await env.Error.WriteLineAsync($"imagegate build: Packer failed (exit {result.ExitCode}):").ConfigureAwait(false);
            foreach (var line in result.Errors) await env.Error.WriteLineAsync(line.Trim('\n')).ConfigureAwait(false);
            context.Actions.Error("Packer build failed: " + string.Join('\n', result.Errors.Select(l => l.Trim('\n'))), result.Template);
            return ExitCodes.GateFailed;
        }
        if (result.Images.Count == 0)
        {
            await env.Error.WriteLineAsync("imagegate build: Packer succeeded but made no disk image (qcow2, VMDK, VHDX or raw)").ConfigureAwait(false);
            context.Actions.Error("Packer succeeded but made no disk image", result.Template);
            return ExitCodes.GateFailed;
        }
        return ExitCodes.Passed;
    }

    private static KeyValuePair<string, string> ParseVariable(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw new BadInputException($"--var expects KEY=VALUE, got '{text}'");
        return KeyValuePair.Create(text[..eq], text[(eq + 1)..]);
    }

    /// <summary>One line per image: path, format, size, digest, build.</summary>
    internal static void PrintImages(CommandContext context, PackerBuildResult result)
    {
        foreach (var image in result.Images)
            context.Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{image.Path}\t{image.Format.ToString().ToLowerInvariant()}\t{image.Size}\tsha256:{image.Sha256}\t({image.Build})"));
    }

    private static void WriteActionsOutputs(CommandContext context, PackerBuildResult result, string? outputDir)
    {
        if (!context.Actions.IsActive) return;
        if (result.Images.Count > 0)
        {
            context.Actions.SetOutput("image-path", result.Images[0].Path);
            context.Actions.SetOutput("image-digest", result.Images[0].Digest);
            context.Actions.SetOutput("image-format", result.Images[0].Format.ToString().ToLowerInvariant());
        }
        context.Actions.SetOutput("images", JsonSerializer.Serialize(result.Images.Select(i => i.Path)));
        if (outputDir is not null) context.Actions.SetOutput("build-result", Path.Combine(outputDir, "build.json"));
        var md = new System.Text.StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Packer build {(result.Succeeded ? "succeeded" : "failed")}: {Markdown.Code(Path.GetFileName(result.Template))}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Packer {result.Version.Installed} (policy minimum {result.Version.Minimum}){(result.Version.IsOutdated ? " — **outdated**" : "")}");
        if (result.Images.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("| image | build | format | size | sha256 |");
            md.AppendLine("|---|---|---|---:|---|");
            foreach (var i in result.Images)
                md.AppendLine(CultureInfo.InvariantCulture, $"| {Markdown.Code(Path.GetFileName(i.Path))} | {Markdown.Cell(i.Build)} | {i.Format.ToString().ToLowerInvariant()} | {i.Size} | {Markdown.Code(i.Sha256)} |");
        }
        if (!result.Succeeded)
        {
            md.AppendLine();
            md.AppendLine("```");
            foreach (var line in result.Errors) md.AppendLine(line.Trim('\n').Replace("```", "'''", StringComparison.Ordinal));
            md.AppendLine("```");
        }
        context.Actions.AppendSummary(md.ToString());
    }
}
