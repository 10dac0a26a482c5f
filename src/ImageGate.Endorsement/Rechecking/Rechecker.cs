using ImageGate.Core.Errors;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.Hosting;
using ImageGate.Patches;

namespace ImageGate.Endorsement.Rechecking;

/// <summary>The policy's vulnerability process: re-checks the recorded inventory of every currently endorsed image
/// against today's security metadata and, for each image that now misses security updates, proposes its revocation
/// (a pull request through the repository host) naming the packages, fixed versions and advisories.</summary>
public sealed class Rechecker
{
    private readonly IGitClient _git;
    private readonly IRepositoryHost? _host;

    /// <summary>Creates the rechecker, running git through <paramref name="git"/>; without <paramref name="host"/> it only reports (local mode).</summary>
    public Rechecker(IGitClient git, IRepositoryHost? host = null)
    {
        ArgumentNullException.ThrowIfNull(git);
        _git = git;
        _host = host;
    }

    /// <summary>Re-checks the images on <see cref="RecheckRequest.Base"/>. One image's failure (unreachable metadata, a
    /// damaged inventory) is reported and the others are still checked.</summary>
    public async Task<RecheckResult> RecheckAsync(RecheckRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = request.PatchOptions.TimeProvider.GetUtcNow();
        var git = new Git.Git(_git, request.Repository.Token, request.Author);
        IReadOnlyList<ListEntry> entries;
        var inventories = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        string commit;
        using (var ws = await ProposalWorkspace.OpenAsync(git, request.Repository, request.Base, "imagegate/recheck", cancellationToken).ConfigureAwait(false))
        {
            commit = await git.OutputAsync(ws.Directory, a => a.Add("rev-parse").Add(ws.BaseRevision), cancellationToken).ConfigureAwait(false);
            entries = await ListSnapshot.ReadAsync(git, ws.Directory, ws.BaseRevision, null, cancellationToken).ConfigureAwait(false);
            // Every current image's inventory in one read of the repository.
            var paths = entries.Where(e => e.IsCurrent(now)).Select(e => InventoryPath(e.Record)).Distinct(StringComparer.Ordinal).ToList();
            var blobs = await git.ReadBlobsAsync(ws.Directory, paths.Select(p => $"{ws.BaseRevision}:{p}").ToList(), cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < paths.Count; i++) inventories[paths[i]] = blobs[i];
        }

        var skipped = entries.Where(e => !e.IsCurrent(now))
            .OrderBy(e => e.Record.Name, StringComparer.Ordinal).ThenBy(e => e.Record.Version, StringComparer.Ordinal)
            .Select(e => $"{e.Record.Name}@{e.Record.Version}: " + (e.Revocation is not null ? "revoked" : $"expired {ListJson.Time(e.Record.Expires!.Value)}"))
            .ToList();
        var results = new List<ImageRecheck>();
        // Images share repositories: one checker for the run fetches each repository's metadata once.
        var checker = new PatchChecker(new MetadataCache());
        foreach (var entry in entries.Where(e => e.IsCurrent(now))
                     .OrderBy(e => e.Record.Name, StringComparer.Ordinal).ThenBy(e => e.Record.Version, StringComparer.Ordinal))
        {
            var outcome = await CheckOneAsync(checker, request, entry.Record, inventories[InventoryPath(entry.Record)], cancellationToken).ConfigureAwait(false);
            if (outcome.Status == RecheckStatus.MissingUpdates && _host is not null && !request.DryRun)
                outcome = outcome with { Revocation = await RevokeAsync(request, outcome, cancellationToken).ConfigureAwait(false) };
            results.Add(outcome);
        }
        return new RecheckResult(now, commit, results, skipped);
    }

    private static string InventoryPath(ImageRecord r) => $"{ListFormat.VersionFolder(r.Name, r.Version)}/{ListFormat.InventoryFile}";

    private static async Task<ImageRecheck> CheckOneAsync(PatchChecker checker, RecheckRequest request, ImageRecord record, byte[]? inventoryBytes, CancellationToken ct)
    {
        var image = new ImageReference(record.Name, record.Version);
        var path = InventoryPath(record);
        if (inventoryBytes is null)
            return new ImageRecheck(image, record.Sha256, RecheckStatus.NoInventory, $"cannot recheck: no inventory recorded ({path} is missing: endorsed before inventories were recorded, or its packages could not be read)");
        PatchCheckResult check;
        try
        {
            var inventory = InventoryRecord.Parse(inventoryBytes, path);
            if (inventory.Packages.Count == 0)
                return new ImageRecheck(image, record.Sha256, RecheckStatus.NoInventory, $"cannot recheck: the recorded inventory ({path}) lists no packages");
            check = await checker.CheckRecordedAsync(inventory.Repositories, inventory.Packages, request.PatchOptions with { Skip = false }, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BadInputException or ExternalToolException or VerificationException)
        {
            return new ImageRecheck(image, record.Sha256, RecheckStatus.Failed, $"could not be checked: {e.Message}");
        }
        var findings = check.Findings.Where(f => f.RuleId != PatchRules.SecurityUpdateMissing && f.RuleId != PatchRules.UpdateAvailable).ToList();
        // A repository the recorded inventory names but that may not be fetched (a file: URL, the image's credentials)
        // leaves the image unchecked when no security metadata was read: never reported as current.
        var refused = findings.Where(f => f.RuleId == PatchRules.RepositoryRefused && f.Severity != "low").ToList();
        if (refused.Count > 0 && !check.Repositories.Any(r => r.Security))
            return new ImageRecheck(image, record.Sha256, RecheckStatus.Failed, "could not be checked: " + string.Join("; ", refused.Select(f => f.Message)))
            {
                Metadata = check.Repositories,
                Findings = findings,
            };
        if (check.MissingUpdates.Count == 0)
        {
            var message = $"current: {check.Repositories.Count(r => r.Security)} security repositor{(check.Repositories.Count(r => r.Security) == 1 ? "y" : "ies")} checked, no missing security update";
            return new ImageRecheck(image, record.Sha256, RecheckStatus.Current, message) { Metadata = check.Repositories, Findings = findings };
        }
        var reason = RecheckText.Reason(check.MissingUpdates);
        return new ImageRecheck(image, record.Sha256, RecheckStatus.MissingUpdates, reason)
        {
            MissingUpdates = check.MissingUpdates,
            Metadata = check.Repositories,
            Findings = findings,
            Reason = reason,
            Details = RecheckText.Details(check.MissingUpdates, check.Repositories),
        };
    }

    private async Task<ProposalResult> RevokeAsync(RecheckRequest request, ImageRecheck outcome, CancellationToken ct)
    {
        var labels = new List<string> { "recheck", "security" };
        labels.AddRange(request.Labels.Where(l => !labels.Contains(l)));
        return await new Endorser(_git, _host, request.PatchOptions.TimeProvider).RevokeAsync(new RevokeRequest
        {
            Image = outcome.Image,
            Reason = outcome.Reason!,
            RevokedBy = request.RevokedBy,
            Repository = request.Repository,
            Base = request.Base,
            Author = request.Author,
            Labels = labels,
            Details = outcome.Details,
        }, ct).ConfigureAwait(false);
    }
}
