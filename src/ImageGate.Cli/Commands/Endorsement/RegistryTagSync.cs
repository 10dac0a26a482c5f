using ImageGate.Distribution.Client;
using ImageGate.Distribution.Tags;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Publishing;

namespace ImageGate.Cli.Commands.Endorsement;

/// <summary><c>publish --registry-sync</c> through <see cref="TagSynchronizer"/>: records with an <c>oci</c> location
/// become <see cref="EndorsedVersion"/>s (repository and manifest digest from the reference; tag from the record's
/// <c>endorsedTag</c>, else <see cref="TagPlanner.DefaultEndorsedTag"/> of the OS <c>versionId</c>). The newest is the
/// latest endorsement (record <c>created</c>), then the highest version.</summary>
internal sealed class RegistryTagSync(Func<string, RegistryClient> clientFor, Action<string> report) : IRegistryTagSync
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> SyncAsync(IReadOnlyList<ImageRecord> endorsed, IReadOnlyList<ImageRecord> recorded, bool dryRun, CancellationToken cancellationToken)
    {
        var ordered = endorsed.Where(r => r.Oci is not null)
            .OrderBy(r => r.Created).ThenBy(r => r.Version, Comparer<string>.Create(ImageGate.Endorsement.Inputs.VersionOrder.Compare)).ToList();
        // Equal creation seconds are ordered by version: a tick per rank keeps both orders (created is whole seconds).
        var versions = ordered.Select((r, rank) =>
        {
            var reference = RegistryReference.Parse(r.Oci!.Reference);
            return new EndorsedVersion(reference.Name, Tag(r), reference.Digest!, r.Created.AddTicks(rank));
        }).ToList();
        var managed = recorded.Where(r => r.Oci is not null)
            .Select(r => (RegistryReference.Parse(r.Oci!.Reference).Name, Tag(r))).Distinct().ToList();
        var lines = new List<string>();
        var plan = await new TagSynchronizer(clientFor).SyncAsync(versions, managed, dryRun, line => { lines.Add(line); report(line); }, cancellationToken).ConfigureAwait(false);
        if (dryRun)
            foreach (var change in plan.Changes)
            {
                var line = "would " + change;
                lines.Add(line);
                report(line);
            }
        foreach (var f in plan.Foreign)
            report($"left alone (not managed by ImageGate, but atrope would sync it): {f.Repository}:{f.Tag} -> {f.Digest}");
        if (plan.IsEmpty)
            report("nothing to change");
        return lines;
    }

    private static string Tag(ImageRecord r) => r.EndorsedTag ?? TagPlanner.DefaultEndorsedTag(r.Os.VersionId);
}
