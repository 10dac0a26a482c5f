using ImageGate.Cli.Commands.Build;
using ImageGate.Cli.Commands.Endorsement;
using ImageGate.Cli.Commands.Signing;
using ImageGate.Distribution.Push;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Packer;
using ImageGate.Pipeline;
using ImageGate.Scanning;
using ImageGate.Scanning.Reports;
using ImageGate.Signing;

namespace ImageGate.Cli.Commands.Pipeline;

/// <summary>Prints what <see cref="PipelineRunner"/> reports for <c>imagegate run</c>, as each verb prints it: the stage
/// headers and progress on standard error; the build's images, the scan's table, the signature and the endorsement
/// (JSON) on standard output; warnings and errors also as GitHub Actions annotations.</summary>
internal sealed class RunProgress(CommandContext context, bool local) : IPipelineObserver
{
    private CliEnvironment Env => context.Environment;

    public IProgress<PackerEvent> BuildProgress { get; } = new PackerProgressWriter(context.Environment.Error);

    public Task StageStartedAsync(PipelineStage stage, string subject) =>
        Env.Error.WriteLineAsync($"== imagegate {stage.ToString().ToLowerInvariant()} {subject}");

    public async Task BuiltAsync(PackerBuildResult result)
    {
        BuildCommand.WarnFindings(context, result);
        BuildCommand.PrintImages(context, result);
        await BuildCommand.ReportOutcomeAsync(context, result).ConfigureAwait(false);
    }

    public async Task ScannedAsync(PipelineImageResult image, ScanReport report)
    {
        await Env.Out.WriteAsync(ReportWriter.ToText(report, ReportFormat.Table)).ConfigureAwait(false);
        await Env.Out.FlushAsync().ConfigureAwait(false);
        foreach (var f in report.Blocking.Take(20))
            context.Actions.Error($"{f.RuleId}: {f.Message} ({f.Path})");
    }

    public Task SignedAsync(PipelineImageResult image, SignedBundle bundle) =>
        SignCommandBase.PrintSignedAsync(Env.Out, image.ImagePath, bundle.Verified, image.BundlePath!);

    public void Pushing(string line) => Env.Error.WriteLine($"imagegate: {line}");

    public Task PushedAsync(PipelineImageResult image, PushResult result) => Env.Out.WriteLineAsync(Distribution.PushCommand.Describe(result));

    public Task EndorsedAsync(PipelineImageResult image, ProposalResult result) => ProposalOutput.WriteAsync(context, result, json: true, local);

    public Task NoteAsync(string message) => Env.Error.WriteLineAsync(message);

    public void Warn(string message) => context.Console.Warn(message);
}
