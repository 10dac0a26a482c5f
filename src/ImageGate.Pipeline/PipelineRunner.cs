using ImageGate.Core.Errors;
using ImageGate.DiskImages;
using ImageGate.Distribution.Push;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Packer;
using ImageGate.Scanning;
using ImageGate.Scanning.Patches;
using ImageGate.Scanning.Reports;
using ImageGate.Scanning.Sbom;
using ImageGate.Signing;
using ImageGate.Signing.TrustRoot;
using ImageGate.Signing.Verification;

namespace ImageGate.Pipeline;

/// <summary>The pipeline as one use case (what <c>imagegate run</c> and the GitHub Action call): Packer build → scan of
/// every image (the gate) → sign those that pass → push to the registry (when given) → endorse (when a list repository
/// is given). Each stage runs through its own library and hands back a typed result; the run stops at the first gate
/// that fails or stage that throws, and writes every report either way.</summary>
/// <param name="observer">Told about each stage as it runs (the command line prints it).</param>
public sealed class PipelineRunner(IPipelineObserver observer)
{
    /// <summary>Runs the pipeline. Gates that fail and stages that throw end in the returned result, never in an exception.</summary>
    public async Task<PipelineResult> RunAsync(PipelineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = new Run(request);
        try
        {
            var outcome = await RunStagesAsync(run, cancellationToken).ConfigureAwait(false);
            return run.Result(outcome);
        }
#pragma warning disable CA1031 // every failure of a stage becomes the run's result (run.json is written either way)
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return run.Result(PipelineOutcome.Error) with { Error = ex };
        }
    }

    private async Task<PipelineOutcome> RunStagesAsync(Run run, CancellationToken ct)
    {
        var request = run.Request;
        var output = request.OutputDirectory;
        Directory.CreateDirectory(output);

        // 1. Build.
        run.Stage = PipelineStage.Build;
        await observer.StageStartedAsync(PipelineStage.Build, request.Build.Template).ConfigureAwait(false);
        var build = await new PackerRunner(request.Packer)
            .BuildAsync(request.Build with { LogPath = Path.Combine(output, "packer.log") }, observer.BuildProgress, ct).ConfigureAwait(false);
        run.Build = build;
        await File.WriteAllTextAsync(Path.Combine(output, "build.json"), BuildResultJson.Serialize(build), ct).ConfigureAwait(false);
        await observer.BuiltAsync(build).ConfigureAwait(false);
        if (!build.Succeeded || build.Images.Count == 0) return PipelineOutcome.GateFailed;

        var single = build.Images.Count == 1;
        foreach (var artifact in build.Images)
        {
            var name = single && request.ImageName is { } n ? n : ImageGate.Core.Text.SafeName.From(Path.GetFileNameWithoutExtension(artifact.Path));
            var dir = single ? output : Path.Combine(output, name);
            Directory.CreateDirectory(dir);
            var index = run.Images.Count;
            run.Images.Add(new PipelineImageResult(name, request.ImageVersion, artifact.Path, artifact.Digest));

            // 2. Scan: the gate.
            run.Stage = PipelineStage.Scan;
            var scanned = run.Images[index] with
            {
                ReportPath = Path.Combine(dir, "report.json"),
                SarifPath = Path.Combine(dir, "report.sarif"),
                MarkdownPath = Path.Combine(dir, "report.md"),
                SbomPath = Path.Combine(dir, "sbom.spdx.json"),
            };
            run.Images[index] = scanned;
            await observer.StageStartedAsync(PipelineStage.Scan, artifact.Path).ConfigureAwait(false);
            var report = await ScanAsync(request, scanned, ct).ConfigureAwait(false);
            run.Images[index] = scanned = scanned with { Report = report };
            await observer.ScannedAsync(scanned, report).ConfigureAwait(false);
            if (!report.Passed) return PipelineOutcome.GateFailed;

            // 3. Sign the image digest.
            run.Stage = PipelineStage.Sign;
            await observer.StageStartedAsync(PipelineStage.Sign, artifact.Path).ConfigureAwait(false);
            var bundlePath = Path.Combine(dir, name + ".sigstore.json");
            var signed = await SignAsync(run, artifact.Sha256, bundlePath, ct).ConfigureAwait(false);
            run.Images[index] = scanned = scanned with { BundlePath = bundlePath };
            await observer.SignedAsync(scanned, signed).ConfigureAwait(false);

            // 4. Push to the registry: the pre-endorsement tag only, the bundle, SBOM and report as referrers.
            if (request.Registry is { } registry)
            {
                if (request.DryRun)
                {
                    await observer.NoteAsync($"imagegate run: dry run: {name}@{request.ImageVersion} would be pushed to {registry.RepositoryFor(name).Name} now").ConfigureAwait(false);
                }
                else
                {
                    run.Stage = PipelineStage.Push;
                    await observer.StageStartedAsync(PipelineStage.Push, artifact.Path).ConfigureAwait(false);
                    var pushed = await PushAsync(request, registry, scanned, ct).ConfigureAwait(false);
                    run.Images[index] = scanned = scanned with { Push = pushed };
                    await observer.PushedAsync(scanned, pushed).ConfigureAwait(false);
                }
            }

            // 5. Endorse (a pull request, or a local commit without a pull-request host).
            run.Stage = PipelineStage.Endorse;
            if (request.Endorsement is not { } endorsement || request.DryRun)
            {
                await observer.NoteAsync(request.DryRun
                    ? $"imagegate run: dry run: {name}@{request.ImageVersion} would be endorsed now"
                    : $"imagegate run: no --list-repo: {name}@{request.ImageVersion} is signed; endorse it with 'imagegate endorse'").ConfigureAwait(false);
                continue;
            }
            await observer.StageStartedAsync(PipelineStage.Endorse, artifact.Path).ConfigureAwait(false);
            var proposal = await EndorseAsync(run, endorsement, scanned, dir, ct).ConfigureAwait(false);
            run.Images[index] = scanned = scanned with { Endorsement = proposal };
            await observer.EndorsedAsync(scanned, proposal).ConfigureAwait(false);
        }
        run.Stage = PipelineStage.Done;
        return PipelineOutcome.Passed;
    }

    private static async Task<ScanReport> ScanAsync(PipelineRequest request, PipelineImageResult image, CancellationToken ct)
    {
        var info = ImageSource.Inspect(image.ImagePath);
        ScanReport report;
        using (var fs = ImageSource.Open(image.ImagePath))
        {
            var options = new ScanOptions
            {
                Image = new ImageDescription(info.Path, image.Name, info.Format, info.Size),
                Policy = request.Scan.Policy,
                FailOn = request.Scan.FailOn,
                Checks = [new PatchCheck(request.Scan.PatchCheck)],
                Time = request.Time,
            };
            if (request.Scan.FingerprintSalt is { Length: > 0 } salt) options = options with { FingerprintSalt = salt };
            report = await new Scanner().ScanAsync(fs, options, ct).ConfigureAwait(false);
        }
        Write(image.ReportPath!, stream => ReportWriter.Write(report, ReportFormat.Json, stream));
        Write(image.SarifPath!, stream => ReportWriter.Write(report, ReportFormat.Sarif, stream));
        Write(image.MarkdownPath!, stream => ReportWriter.Write(report, ReportFormat.Markdown, stream));
        Write(image.SbomPath!, stream => SbomWriter.Write(SbomSubject.From(report), SbomFormat.Spdx, stream));
        return report;
    }

    private static void Write(string path, Action<Stream> write)
    {
        using var stream = File.Create(path);
        write(stream);
    }

    private static async Task<SignedBundle> SignAsync(Run run, string sha256Hex, string bundlePath, CancellationToken ct)
    {
        var signing = run.Request.Signing;
        var root = await run.TrustedRootAsync(ct).ConfigureAwait(false);
        SigningOptions options;
        if (signing.Key is { } key)
        {
            options = new SigningOptions { Key = key, RekorUrl = signing.RekorUrl, TsaUrl = signing.TsaUrl, TrustedRoot = root };
        }
        else
        {
            var token = signing.IdentityToken ?? throw new BadInputException("keyless signing needs an identity token (or sign with a key)");
            options = new SigningOptions
            {
                IdentityToken = await token(ct).ConfigureAwait(false),
                FulcioUrl = signing.FulcioUrl,
                RekorUrl = signing.RekorUrl,
                TsaUrl = signing.TsaUrl,
                TrustedRoot = root,
            };
        }
        var signed = await new BlobSigner(options).SignDigestAsync(Convert.FromHexString(sha256Hex), ct).ConfigureAwait(false);
        var temp = bundlePath + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(temp, signed.Json + "\n", ct).ConfigureAwait(false);
        File.Move(temp, bundlePath, overwrite: true);
        return signed;
    }

    private async Task<PushResult> PushAsync(PipelineRequest request, PipelineRegistry registry, PipelineImageResult image, CancellationToken ct)
    {
        var target = registry.RepositoryFor(image.Name);
        using var client = registry.ClientFor(target.Registry);
        var push = new PushRequest(image.ImagePath, target)
        {
            Annotations = registry.Annotations,
            Version = image.Version,
            BundlePath = image.BundlePath,
            SbomPath = image.SbomPath,
            ReportPath = image.ReportPath,
            Created = request.Time.GetUtcNow(),
        };
        return await new ImagePusher(client).PushAsync(push, observer.Pushing, ct).ConfigureAwait(false);
    }

    private async Task<ProposalResult> EndorseAsync(Run run, PipelineEndorsement endorsement, PipelineImageResult image, string dir, CancellationToken ct)
    {
        var signing = run.Request.Signing;
        VerificationPolicyOptions expected;
        if (signing.Key is { } key)
        {
            // The bundle was just signed with the key: its public half is the expected signer, and a log entry is
            // expected exactly when the signing logged one (Signing's one rule for key signatures).
            var pub = Path.Combine(dir, image.Name + ".pub");
            await File.WriteAllTextAsync(pub, key.PublicKeyPem, ct).ConfigureAwait(false);
            var logged = new SigningOptions { Key = key, RekorUrl = signing.RekorUrl }.LogsToTransparencyLog;
            expected = new VerificationPolicyOptions { PublicKeyPem = key.PublicKeyPem, PublicKeySource = pub, InsecureIgnoreTlog = !logged };
        }
        else
        {
            expected = signing.ExpectedSigner ?? throw new BadInputException("the endorse stage needs the image's expected keyless signer");
        }
        var verifier = new SigstoreImageVerifier(new BundleVerifier(await run.TrustedRootAsync(ct).ConfigureAwait(false)), expected.ToPolicy());

        string? why = null;
        var inventory = File.Exists(image.ImagePath) ? InventoryRecorder.TryRead(image.ImagePath, out why) : null;
        if (inventory is null && why is not null)
            observer.Warn($"no inventory recorded for recheck ({why}): 'imagegate recheck' will not be able to check this image");
        var request = new EndorseRequest
        {
            ImagePath = image.ImagePath,
            Inventory = inventory,
            Name = image.Name,
            Version = image.Version,
            ReportPath = image.ReportPath!,
            BundlePath = image.BundlePath!,
            SbomPath = image.SbomPath,
            Uri = endorsement.Uri,
            Oci = image.Push?.Reference,
            OciChecker = endorsement.OciChecker,
            Description = endorsement.Description,
            Arch = endorsement.Arch,
            Hepix = endorsement.Hepix,
            BuiltBy = endorsement.BuiltBy,
            Repository = endorsement.Repository,
            Base = endorsement.Base,
            Author = endorsement.Author,
            Labels = endorsement.Labels,
        };
        return await new Endorser(endorsement.Git, verifier, endorsement.Host).EndorseAsync(request, ct).ConfigureAwait(false);
    }

    /// <summary>The mutable state of one run: where it is, what it has made.</summary>
    private sealed class Run(PipelineRequest request)
    {
        private TrustedRoot? _root;

        public PipelineRequest Request { get; } = request;

        public PipelineStage Stage { get; set; } = PipelineStage.Build;

        public PackerBuildResult? Build { get; set; }

        public List<PipelineImageResult> Images { get; } = [];

        public async Task<TrustedRoot> TrustedRootAsync(CancellationToken ct) =>
            _root ??= await Request.Signing.TrustedRoot(ct).ConfigureAwait(false);

        public PipelineResult Result(PipelineOutcome outcome) => new(outcome, Stage) { Build = Build, Images = [.. Images] };
    }
}
