using ImageGate.Endorsement.Format;

namespace ImageGate.Endorsement.Endorsing;

/// <summary>Checks an <c>endorse --oci</c> reference against its registry. The Cli wires the Distribution library's
/// registry client; Endorsement does not talk to registries itself.</summary>
public interface IOciLocationChecker
{
    /// <summary>Fetches the manifest at <paramref name="reference"/> (a digest reference) and returns the location when
    /// its layer[0] has digest <c>sha256:</c><paramref name="sha256"/> and size <paramref name="size"/>; throws
    /// <see cref="Core.Errors.BadInputException"/> naming the registry and reference otherwise.</summary>
    Task<OciLocation> CheckAsync(string reference, string sha256, long size, CancellationToken cancellationToken);
}
