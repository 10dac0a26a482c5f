using ImageGate.Endorsement.Format;

namespace ImageGate.Endorsement.Publishing;

/// <summary>Makes the registries' hyphen-free endorsed tags follow the signed list (<c>publish --registry-sync</c>).
/// The Cli wires the Distribution library's tag planner and registry client; Endorsement does not talk to registries.</summary>
public interface IRegistryTagSync
{
    /// <summary>Points each endorsed tag at the newest of <paramref name="endorsed"/> that has an <c>oci</c> location,
    /// deletes managed tags none of them holds (managed: the tags of every record in <paramref name="recorded"/>), and
    /// returns one line per change (or says nothing changes); with <paramref name="dryRun"/> only plans.</summary>
    Task<IReadOnlyList<string>> SyncAsync(IReadOnlyList<ImageRecord> endorsed, IReadOnlyList<ImageRecord> recorded, bool dryRun, CancellationToken cancellationToken);
}
