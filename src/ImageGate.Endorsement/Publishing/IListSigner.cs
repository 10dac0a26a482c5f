namespace ImageGate.Endorsement.Publishing;

/// <summary>Signs the published list. ImageGate.Signing implements it (keyless or key); the Cli wires it.</summary>
public interface IListSigner
{
    /// <summary>Signs <paramref name="content"/> and returns the Sigstore bundle as JSON.</summary>
    Task<string> SignAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}
