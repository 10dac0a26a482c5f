using System.CommandLine;
using ImageGate.Core.Errors;
using ImageGate.Core.IO;
using ImageGate.Patches;
using ImageGate.Scanning;
using ImageGate.Scanning.Patches;
using ImageGate.Scanning.Policy;
using ImageGate.Scanning.Reports;
using ImageGate.Scanning.Rules;
using ImageGate.Scanning.Sbom;

namespace ImageGate.Cli.Commands.Scan;

/// <summary><c>imagegate scan IMAGE</c>: the policy gate. Exit 0 passed, 1 failed, 2 bad input.</summary>
public sealed class ScanCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public ScanCommand(CliEnvironment env) : base("scan", "Check a disk image against the endorsement policy", env)
    {
        Arguments.Add(Image);
        foreach (var o in new Option[] { Policy, FailOn, Format, Output, JsonOutput, SarifOutput, MarkdownOutput, Sbom, SbomFormatOption, ImageName, FingerprintSalt, Json })
            Options.Add(o);
        Patches = new PatchCheckCliOptions(this, withSkip: true);
    }

    /// <summary>The image to scan.</summary>
    public Argument<FileInfo> Image { get; } = new("IMAGE") { Description = "Disk image (qcow2, VMDK, VHDX, raw), root directory or tar archive" };

    /// <summary>The policy file.</summary>
    public Option<FileInfo?> Policy { get; } = new("--policy") { Description = "Policy file (imagegate.policy.yaml); default: the embedded policy (imagegate policy show)" };

    /// <summary>The gate threshold.</summary>
    public Option<string?> FailOn { get; } = new("--fail-on") { Description = "Fail at this severity or above: critical, high (default), medium, low, info" };

    /// <summary>Report formats.</summary>
    public Option<string[]> Format { get; } = new("--format")
    {
        Description = "Report format(s): table (default), json, sarif, markdown; repeat or separate with commas",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Where the report goes.</summary>
    public Option<FileInfo?> Output { get; } = new("--output", "-o")
    {
        Description = "Write the report to FILE instead of standard output; with several formats FILE is a stem and each format gets its extension (.json, .sarif, .md, .txt)",
    };

    /// <summary>JSON report file.</summary>
    public Option<FileInfo?> JsonOutput { get; } = new("--json-output") { Description = "Also write the JSON report to FILE" };

    /// <summary>SARIF report file.</summary>
    public Option<FileInfo?> SarifOutput { get; } = new("--sarif-output") { Description = "Also write the SARIF 2.1.0 report to FILE" };

    /// <summary>Markdown report file.</summary>
    public Option<FileInfo?> MarkdownOutput { get; } = new("--markdown-output") { Description = "Also write the markdown report to FILE" };

    /// <summary>SBOM file.</summary>
    public Option<FileInfo?> Sbom { get; } = new("--sbom") { Description = "Also write the SBOM of the installed packages to FILE" };

    /// <summary>SBOM format.</summary>
    public Option<string?> SbomFormatOption { get; } = new("--sbom-format") { Description = "SBOM format: spdx (default) or cyclonedx" };

    /// <summary>Display name.</summary>
    public Option<string?> ImageName { get; } = new("--name") { Description = "Image name in reports and image:// locations (default: the file name)" };

    /// <summary>Fingerprint salt.</summary>
    public Option<string?> FingerprintSalt { get; } = new("--fingerprint-salt") { Description = "Private salt for finding fingerprints (default: a fixed public salt)" };





    /// <summary>The patch check's options.</summary>
    public PatchCheckCliOptions Patches { get; }

    /// <summary>JSON on standard output.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the JSON report (same as --format json)" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        // The image file's digests (SHA-512 is the scan's longest single task) start first, before the policy is
        // loaded and the image opened; stopped if the scan does not get to use them.
        using var digestsStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var imagePath = env.ResolvePath(context.Get(Image)!.ToString());
        var digests = File.Exists(imagePath) ? FileDigests.ComputeAsync(imagePath, digestsStop.Token) : null;
        try
        {
            return await ScanAsync(context, digests, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await digestsStop.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task<int> ScanAsync(CommandContext context, Task<FileDigest>? digests, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var formats = ParseFormats(context.Get(Format), context.Get(Json));
        var policyFile = context.Get(Policy);
        var policy = policyFile is null ? ScanPolicy.Default : PolicyLoader.Load(env.ResolvePath(policyFile.ToString()));
        var failOnText = context.Get(FailOn);
        var failOn = failOnText is null ? (Severity?)null : SeverityNames.Parse(failOnText, "--fail-on");
        var sbomFormat = context.Get(SbomFormatOption)?.ToLowerInvariant() switch
        {
            null or "spdx" => SbomFormat.Spdx,
            "cyclonedx" => SbomFormat.CycloneDx,
            var other => throw new BadInputException($"--sbom-format '{other}' is not spdx or cyclonedx"),
        };

        var (fs, image) = ImageInput.Open(context, context.Get(Image)!, context.Get(ImageName));
        ScanReport report;
        using (fs)
        {
            var options = new ScanOptions { Image = image, ImageDigests = digests, Policy = policy, FailOn = failOn, Checks = [new PatchCheck(Patches.Resolve(context))], Time = context.Environment.Time };
            if (context.Get(FingerprintSalt) is { Length: > 0 } salt) options = options with { FingerprintSalt = salt };
            report = await new Scanner().ScanAsync(fs, options, cancellationToken).ConfigureAwait(false);
        }

        // Reports: explicit per-format files, then --output (file or stem), else standard output.
        var written = new Dictionary<ReportFormat, string>();
        void WriteFile(ReportFormat format, string path)
        {
            var full = env.ResolvePath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using var stream = File.Create(full);
            ReportWriter.Write(report, format, stream);
            written[format] = full;
        }
        if (context.Get(JsonOutput) is { } j) WriteFile(ReportFormat.Json, j.ToString());
        if (context.Get(SarifOutput) is { } s) WriteFile(ReportFormat.Sarif, s.ToString());
        if (context.Get(MarkdownOutput) is { } m) WriteFile(ReportFormat.Markdown, m.ToString());
        var output = context.Get(Output);
        if (output is not null)
        {
            if (formats.Count == 1) WriteFile(formats[0], output.ToString());
            else foreach (var f in formats) WriteFile(f, Path.ChangeExtension(output.ToString(), ReportWriter.Extension(f)));
        }
        else
        {
            foreach (var f in formats)
                await env.Out.WriteAsync(ReportWriter.ToText(report, f)).ConfigureAwait(false);
            await env.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        if (context.Get(Sbom) is { } sbom)
        {
            var full = env.ResolvePath(sbom.ToString());
            using var stream = File.Create(full);
            SbomWriter.Write(SbomSubject.From(report), sbomFormat, stream);
        }

        if (context.Actions.IsActive)
        {
            if (!written.ContainsKey(ReportFormat.Json) || !written.ContainsKey(ReportFormat.Sarif))
            {
                var dir = env.Get("RUNNER_TEMP") ?? Path.GetTempPath();
                var stem = Path.Combine(dir, $"imagegate-scan-{ImageGate.Core.Text.SafeName.From(report.Image.Name)}");
                if (!written.ContainsKey(ReportFormat.Json)) WriteFile(ReportFormat.Json, stem + ".json");
                if (!written.ContainsKey(ReportFormat.Sarif)) WriteFile(ReportFormat.Sarif, stem + ".sarif");
            }
            context.Actions.SetOutput("report-path", written[ReportFormat.Json]);
            context.Actions.SetOutput("sarif-path", written[ReportFormat.Sarif]);
            context.Actions.SetOutput("passed", report.Passed ? "true" : "false");
            context.Actions.AppendSummary(MarkdownReportWriter.ToMarkdown(report));
            foreach (var f in report.Blocking.Take(20))
                context.Actions.Error($"{f.RuleId}: {f.Message} ({f.Path})");
        }
        var verdict = $"imagegate scan: {(report.Passed ? "passed" : "FAILED")}: {report.Blocking.Count()} finding(s) at or above {report.FailOn.ToName()}, {report.Findings.Count} in total";
        if (formats.Contains(ReportFormat.Table) && output is null) { /* the table ends with the verdict */ }
        else await env.Error.WriteLineAsync(verdict).ConfigureAwait(false);
        return report.Passed ? ExitCodes.Passed : ExitCodes.GateFailed;
    }

    internal static List<ReportFormat> ParseFormats(string[]? values, bool json)
    {
        var list = new List<ReportFormat>();
        foreach (var v in (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var f = v.ToLowerInvariant() switch
            {
                "json" => ReportFormat.Json,
                "sarif" => ReportFormat.Sarif,
                "markdown" or "md" => ReportFormat.Markdown,
                "table" or "text" => ReportFormat.Table,
                _ => throw new BadInputException($"--format '{v}' is not json, sarif, markdown or table"),
            };
            if (!list.Contains(f)) list.Add(f);
        }
        if (json && !list.Contains(ReportFormat.Json)) list.Add(ReportFormat.Json);
        if (list.Count == 0) list.Add(ReportFormat.Table);
        return list;
    }
}
