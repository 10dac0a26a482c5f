using System.Globalization;
using ImageGate.Core.Errors;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.Hosting;
using ImageGate.Endorsement.Inputs;

namespace ImageGate.Endorsement.Endorsing;

/// <summary>Proposes endorsements and revocations: a branch per image version, a commit with trailers, a push,
/// and a pull request when a repository host is given. Idempotent per image digest.</summary>
public sealed class Endorser
{
    /// <summary>The reason code (<see cref="VerificationException.Reason"/>) of an image whose scan report says it failed
    /// the policy gate: it cannot be endorsed.</summary>
    public const string ScanFailed = "scan-failed";

    private readonly IGitClient _git;
    private readonly IRepositoryHost? _host;
    private readonly TimeProvider _time;
    private readonly IImageSignatureVerifier? _signatures;

    /// <summary>Creates an endorser that proposes revocations only (endorsing needs a signature verifier); without
    /// <paramref name="host"/> it only commits and pushes the branch. git runs through <paramref name="git"/>.</summary>
    public Endorser(IGitClient git, IRepositoryHost? host = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(git);
        _git = git;
        _host = host;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Creates the endorser: every image's bundle is verified by <paramref name="signatures"/> before it is
    /// proposed; without <paramref name="host"/> it only commits and pushes the branch. git runs through <paramref name="git"/>.</summary>
    public Endorser(IGitClient git, IImageSignatureVerifier signatures, IRepositoryHost? host = null, TimeProvider? time = null) : this(git, host, time)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        _signatures = signatures;
    }

    /// <summary>Proposes <see cref="EndorseRequest.Name"/> <see cref="EndorseRequest.Version"/>.</summary>
    public async Task<ProposalResult> EndorseAsync(EndorseRequest request, CancellationToken cancellationToken)
    {
        if (_signatures is null)
            throw new InvalidOperationException("endorsing verifies the image's bundle: create the Endorser with an IImageSignatureVerifier");
        var name = ListFormat.ValidateName(request.Name);
        var version = ListFormat.ValidateName(request.Version, "image version");
        if (string.IsNullOrEmpty(request.Uri) && string.IsNullOrEmpty(request.Oci))
            throw new BadInputException($"{name} {version} has no download location: give --uri URL, --oci REGISTRY/REPOSITORY@sha256:… or both (sites refuse a list record without one)");
        var reportBytes = JsonFields.ReadFile(request.ReportPath, "scan report");
        var report = ScanReportSummary.Parse(reportBytes, request.ReportPath);
        var bundleBytes = JsonFields.ReadFile(request.BundlePath, "Sigstore bundle");
        var bundle = BundleSummary.Parse(bundleBytes, request.BundlePath);
        byte[]? sbomBytes = request.SbomPath is null ? null : JsonFields.ReadFile(request.SbomPath, "SBOM");
        var packages = sbomBytes is not null ? PackageVersion.FromSbom(sbomBytes, request.SbomPath!) : report.Packages;
        var facts = await ImageFacts.ComputeAsync(request.ImagePath, cancellationToken).ConfigureAwait(false);

        CheckSame(request.ReportPath, "scan report's image.sha256", report.Sha256, facts.Sha256);
        CheckSame(request.ReportPath, "scan report's image.sha512", report.Sha512, facts.Sha512);
        if (report.Size is { } size && size != facts.Size)
            throw new BadInputException($"the scan report is for another image: image.size {size}, the file has {facts.Size} bytes", request.ReportPath);
        CheckSame(request.BundlePath, "bundle's signed digest", bundle.MessageDigest, facts.Sha256);
        VerifiedSigner signer;
        try
        {
            signer = _signatures.Verify(bundleBytes, request.ImagePath, facts.Sha256);
        }
        catch (VerificationException ex)
        {
            throw new VerificationException(ex.Reason, $"{request.BundlePath}: the image's signature does not verify, so it cannot be endorsed: {ex.Message}", ex);
        }
        if (!report.Passed)
            throw new VerificationException(Endorser.ScanFailed, $"{request.ReportPath}: the scan report says the image failed the policy gate; it cannot be endorsed");
        OciLocation? oci = null;
        if (request.Oci is not null)
        {
            var checker = request.OciChecker ?? throw new InvalidOperationException("an --oci location is checked against its registry: give the request an IOciLocationChecker");
            oci = await checker.CheckAsync(request.Oci, facts.Sha256, facts.Size, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ProposeEndorsementAsync(request, name, version, reportBytes, report, bundleBytes, bundle, signer, sbomBytes, packages, facts, oci, cancellationToken).ConfigureAwait(false);
            }
            catch (PushConflictException) when (attempt < 4)
            {
                // Someone pushed the same branch meanwhile: start again from what is there now.
            }
        }
    }

    private async Task<ProposalResult> ProposeEndorsementAsync(EndorseRequest request, string name, string version, byte[] reportBytes, ScanReportSummary report,
        byte[] bundleBytes, BundleSummary bundle, VerifiedSigner signer, byte[]? sbomBytes, IReadOnlyList<PackageVersion>? packages, ImageFacts facts, OciLocation? oci, CancellationToken cancellationToken)
    {
        var git = new Git.Git(_git, request.Repository.Token, request.Author);
        var branch = ListFormat.EndorseBranch(name, version);
        var folder = ListFormat.VersionFolder(name, version);
        using var ws = await ProposalWorkspace.OpenAsync(git, request.Repository, request.Base, branch, cancellationToken).ConfigureAwait(false);

        var merged = await ReadRecordAsync(ws, ws.BaseRevision, folder, cancellationToken).ConfigureAwait(false);
        ImageRecord? onBranch = ws.BranchExistsOnOrigin ? await ReadRecordAsync(ws, ws.BranchRevision, folder, cancellationToken).ConfigureAwait(false) : null;
        foreach (var (existing, where) in new[] { (merged, $"branch {request.Base}"), (onBranch, $"branch {branch}") })
        {
            if (existing is not null && !string.Equals(existing.Sha256, facts.Sha256, StringComparison.Ordinal))
                throw new BadInputException(
                    $"{name} {version} is already recorded with another image (sha256 {existing.Sha256}, {where}); this image is sha256 {facts.Sha256}: give it a new version");
        }

        var baseEntries = await ListSnapshot.ReadAsync(git, ws.Directory, ws.BaseRevision, name, cancellationToken).ConfigureAwait(false);
        var identifier = onBranch?.Identifier ?? merged?.Identifier ?? baseEntries.Select(e => e.Record.Identifier).FirstOrDefault() ?? StableIdentifier.ForName(name);
        var record = new ImageRecord
        {
            Identifier = identifier,
            Name = name,
            Version = version,
            Description = request.Description ?? onBranch?.Description ?? merged?.Description,
            Os = report.Os,
            Arch = request.Arch,
            Format = report.Format ?? facts.Format,
            Size = facts.Size,
            Sha256 = facts.Sha256,
            Sha512 = facts.Sha512,
            Uri = request.Uri,
            Oci = oci,
            EndorsedTag = request.EndorsedTag,
            Created = onBranch?.Created ?? merged?.Created ?? TruncateToSeconds(_time.GetUtcNow()),
            Expires = request.Expires,
            BuiltBy = request.BuiltBy ?? new BuildProvenance(signer.Identity ?? "key " + (signer.PublicKey ?? "(no hint)"), null, null),
            ScanPassed = report.Passed,
            Hepix = request.Hepix,
        };

        var diff = await DiffAsync(ws, baseEntries, version, packages, cancellationToken).ConfigureAwait(false);
        var title = PullRequestText.EndorseTitle(record);
        var licenceDiff = await LicenceDiffAsync(ws, diff?.PreviousVersion, name, report, cancellationToken).ConfigureAwait(false);
        var body = PullRequestText.EndorseBody(record, report, bundle, signer, diff, packages?.Count ?? 0, licenceDiff);
        var labels = new List<string> { "endorsement", $"image:{name}" };
        if (report.Findings.Any(f => f.Waived)) labels.Add("has-waivers");
        labels.AddRange(request.Labels.Where(l => !labels.Contains(l)));

        if (merged is not null)
            return new ProposalResult(ProposalStatus.AlreadyMerged, branch, null, title, body, labels, null);

        await ws.CheckoutAsync(cancellationToken).ConfigureAwait(false);
        ws.Write($"{folder}/{ListFormat.RecordFile}", ListJson.Serialize(record));
        ws.Write($"{folder}/{ListFormat.ScanReportFile}", reportBytes);
        ws.Write($"{folder}/{ListFormat.BundleFile}", bundleBytes);
        if (sbomBytes is not null) ws.Write($"{folder}/{ListFormat.SbomFile}", sbomBytes);
        if (request.Inventory is not null) ws.Write($"{folder}/{ListFormat.InventoryFile}", request.Inventory.ToJson());
        var message = $"""
            {title}

            {report.Findings.Count} finding(s), {report.Findings.Count(f => f.Waived)} waived; signer (verified) {OneLine(signer.Describe())}.

            Image-Digest: sha256:{facts.Sha256}
            Built-By: {OneLine(record.BuiltBy.Workflow)}{(record.BuiltBy.Commit is null ? "" : "@" + OneLine(record.BuiltBy.Commit))}
            Scan-Passed: {(report.Passed ? "true" : "false")}

            """;
        var commit = await ws.CommitAsync(folder, message, cancellationToken).ConfigureAwait(false);
        var status = !ws.BranchExistsOnOrigin ? ProposalStatus.Proposed : commit is null ? ProposalStatus.Unchanged : ProposalStatus.Updated;
        var head = commit is not null || !ws.BranchExistsOnOrigin ? await ws.PushAsync(cancellationToken).ConfigureAwait(false) : await ws.HeadAsync(cancellationToken).ConfigureAwait(false);
        var pr = await OpenPullRequestAsync(new PullRequestDraft(branch, request.Base, title, body, labels), status, head, cancellationToken).ConfigureAwait(false);
        return new ProposalResult(status, branch, head, title, body, labels, pr);
    }

    /// <summary>Proposes the revocation of <see cref="RevokeRequest.Image"/>.</summary>
    public async Task<ProposalResult> RevokeAsync(RevokeRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
            throw new BadInputException("a revocation needs a reason (--reason)");
        var image = request.Image;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ProposeRevocationAsync(request, image, cancellationToken).ConfigureAwait(false);
            }
            catch (PushConflictException) when (attempt < 4)
            {
            }
        }
    }

    private async Task<ProposalResult> ProposeRevocationAsync(RevokeRequest request, ImageReference image, CancellationToken cancellationToken)
    {
        var git = new Git.Git(_git, request.Repository.Token, request.Author);
        var branch = ListFormat.RevokeBranch(image.Name, image.Version);
        var folder = ListFormat.VersionFolder(image.Name, image.Version);
        using var ws = await ProposalWorkspace.OpenAsync(git, request.Repository, request.Base, branch, cancellationToken).ConfigureAwait(false);
        var record = await ReadRecordAsync(ws, ws.BaseRevision, folder, cancellationToken).ConfigureAwait(false)
            ?? throw new BadInputException($"{image} is not endorsed on branch {request.Base} (no {folder}/{ListFormat.RecordFile})", request.Repository.Location);
        var merged = await ReadRevocationAsync(ws, ws.BaseRevision, folder, cancellationToken).ConfigureAwait(false);
        var onBranch = ws.BranchExistsOnOrigin ? await ReadRevocationAsync(ws, ws.BranchRevision, folder, cancellationToken).ConfigureAwait(false) : null;
        var revocation = new RevocationRecord
        {
            Name = image.Name,
            Version = image.Version,
            Sha256 = record.Sha256,
            Reason = request.Reason.Trim(),
            Revoked = onBranch is not null && onBranch.Reason == request.Reason.Trim() ? onBranch.Revoked : TruncateToSeconds(_time.GetUtcNow()),
            RevokedBy = request.RevokedBy,
        };
        var title = PullRequestText.RevokeTitle(image);
        var body = PullRequestText.RevokeBody(merged ?? revocation, record, request.Details);
        var labels = new List<string> { "revocation", $"image:{image.Name}" };
        labels.AddRange(request.Labels.Where(l => !labels.Contains(l)));
        if (merged is not null)
            return new ProposalResult(ProposalStatus.AlreadyMerged, branch, null, title, body, labels, null);

        await ws.CheckoutAsync(cancellationToken).ConfigureAwait(false);
        ws.Write($"{folder}/{ListFormat.RevocationFile}", ListJson.Serialize(revocation));
        var message = $"""
            {title}

            {revocation.Reason}

            Image-Digest: sha256:{record.Sha256}
            Revoked-By: {OneLine(revocation.RevokedBy)}

            """;
        var commit = await ws.CommitAsync(folder, message, cancellationToken).ConfigureAwait(false);
        var status = !ws.BranchExistsOnOrigin ? ProposalStatus.Proposed : commit is null ? ProposalStatus.Unchanged : ProposalStatus.Updated;
        var head = commit is not null || !ws.BranchExistsOnOrigin ? await ws.PushAsync(cancellationToken).ConfigureAwait(false) : await ws.HeadAsync(cancellationToken).ConfigureAwait(false);
        var pr = await OpenPullRequestAsync(new PullRequestDraft(branch, request.Base, title, body, labels), status, head, cancellationToken).ConfigureAwait(false);
        return new ProposalResult(status, branch, head, title, body, labels, pr);
    }

    private async Task<PullRequestInfo?> OpenPullRequestAsync(PullRequestDraft draft, ProposalStatus status, string head, CancellationToken ct)
    {
        if (_host is null) return null;
        var pr = await _host.OpenOrUpdatePullRequestAsync(draft, ct).ConfigureAwait(false);
        if (!pr.Created && status == ProposalStatus.Updated)
            await _host.AddCommentAsync(pr.Number, $"ImageGate updated this branch: now at {head}.", ct).ConfigureAwait(false);
        return pr;
    }

    private static async Task<PackageDiff?> DiffAsync(ProposalWorkspace ws, IReadOnlyList<ListEntry> entries, string version,
        IReadOnlyList<PackageVersion>? packages, CancellationToken ct)
    {
        if (packages is null) return null;
        var previous = entries
            .Where(e => e.Revocation is null && e.Record.Version != version)
            .OrderByDescending(e => e.Record.Created)
            .ThenByDescending(e => e.Record.Version, Comparer<string>.Create(VersionOrder.Compare))
            .FirstOrDefault();
        if (previous is null) return PackageDiff.Compute(null, [], packages);
        var folder = ListFormat.VersionFolder(previous.Record.Name, previous.Record.Version);
        IReadOnlyList<PackageVersion>? old = null;
        var sbom = await ws.ReadAsync(ws.BaseRevision, $"{folder}/{ListFormat.SbomFile}", ct).ConfigureAwait(false);
        if (sbom is not null)
            old = PackageVersion.FromSbom(sbom, $"{folder}/{ListFormat.SbomFile}");
        else if (await ws.ReadAsync(ws.BaseRevision, $"{folder}/{ListFormat.ScanReportFile}", ct).ConfigureAwait(false) is { } oldReport)
            old = ScanReportSummary.Parse(oldReport, $"{folder}/{ListFormat.ScanReportFile}").Packages;
        return PackageDiff.Compute(previous.Record.Version, old ?? [], packages);
    }

    /// <summary>The licence changes against the previous endorsed version's recorded scan report; null when either report
    /// has no licence classification.</summary>
    private static async Task<LicenceDiff?> LicenceDiffAsync(ProposalWorkspace ws, string? previousVersion, string name, ScanReportSummary report, CancellationToken ct)
    {
        if (previousVersion is null || report.Licences is null) return null;
        var path = $"{ListFormat.VersionFolder(name, previousVersion)}/{ListFormat.ScanReportFile}";
        if (await ws.ReadAsync(ws.BaseRevision, path, ct).ConfigureAwait(false) is not { } oldReport) return null;
        var previous = ScanReportSummary.Parse(oldReport, path).Licences;
        return previous is null ? null : LicenceDiff.Compute(previousVersion, previous, report.Licences);
    }

    private static async Task<ImageRecord?> ReadRecordAsync(ProposalWorkspace ws, string revision, string folder, CancellationToken ct)
    {
        var path = $"{folder}/{ListFormat.RecordFile}";
        var bytes = await ws.ReadAsync(revision, path, ct).ConfigureAwait(false);
        return bytes is null ? null : ListJson.Deserialize<ImageRecord>(bytes, path);
    }

    private static async Task<RevocationRecord?> ReadRevocationAsync(ProposalWorkspace ws, string revision, string folder, CancellationToken ct)
    {
        var path = $"{folder}/{ListFormat.RevocationFile}";
        var bytes = await ws.ReadAsync(revision, path, ct).ConfigureAwait(false);
        return bytes is null ? null : ListJson.Deserialize<RevocationRecord>(bytes, path);
    }

    private static void CheckSame(string path, string what, string? claimed, string actual)
    {
        if (claimed is not null && !string.Equals(claimed, actual, StringComparison.OrdinalIgnoreCase))
            throw new BadInputException($"the {what} is {claimed} but the image file's is {actual}: they do not belong together", path);
    }

    private static string OneLine(string s) => s.Replace('\n', ' ').Replace('\r', ' ');

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) =>
        DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
