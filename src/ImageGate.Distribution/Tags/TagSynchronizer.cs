using ImageGate.Distribution.Client;

namespace ImageGate.Distribution.Tags;

/// <summary>The <c>publish --registry-sync</c> use case: reads the tags of every repository the list names, plans with
/// <see cref="TagPlanner"/> and applies the plan (create and move: the manifest is fetched by digest and put at the
/// tag; delete: <see cref="RegistryClient.DeleteTagAsync"/>). Repositories are named <c>REGISTRY/REPOSITORY</c>.</summary>
public sealed class TagSynchronizer(Func<string, RegistryClient> clientFor)
{
    /// <summary>Plans and, unless <paramref name="dryRun"/>, applies; <paramref name="report"/> gets one line per change as it is made.</summary>
    public async Task<TagPlan> SyncAsync(IReadOnlyList<EndorsedVersion> endorsed, IReadOnlyList<(string Repository, string Tag)> managed, bool dryRun,
        Action<string>? report = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endorsed);
        ArgumentNullException.ThrowIfNull(managed);
        var clients = new Dictionary<string, RegistryClient>(StringComparer.Ordinal);
        try
        {
            RegistryClient Client(RegistryReference r) =>
                clients.TryGetValue(r.Registry, out var c) ? c : clients[r.Registry] = clientFor(r.Registry);
            var current = new List<RegistryTag>();
            foreach (var repository in endorsed.Select(e => e.Repository).Concat(managed.Select(m => m.Repository)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var r = RegistryReference.Parse(repository);
                var client = Client(r);
                foreach (var tag in await client.ListTagsAsync(r.Repository, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    if (!TagPlanner.IsSyncable(tag)) continue;
                    if (await client.HeadManifestAsync(r.Repository, tag, cancellationToken).ConfigureAwait(false) is { } head)
                        current.Add(new RegistryTag(repository, tag, head.Digest));
                }
            }
            var plan = TagPlanner.Plan(endorsed, managed, current);
            if (dryRun) return plan;
            foreach (var change in plan.Changes)
            {
                var r = RegistryReference.Parse(change.Repository);
                var client = Client(r);
                if (change.To is null)
                    await client.DeleteTagAsync(r.Repository, change.Tag, cancellationToken).ConfigureAwait(false);
                else
                {
                    var manifest = await client.GetManifestAsync(r.Repository, change.To, cancellationToken).ConfigureAwait(false)
                        ?? throw new Core.Errors.BadInputException($"registry {r.Registry}: {r.WithDigest(change.To)}: no such manifest (the list names it)");
                    await client.PutManifestAsync(r.Repository, change.Tag, manifest.MediaType, manifest.Content, cancellationToken).ConfigureAwait(false);
                }
                report?.Invoke(change.ToString());
            }
            return plan;
        }
        finally
        {
            foreach (var c in clients.Values) c.Dispose();
        }
    }
}
