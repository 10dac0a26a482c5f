using System.Security.Cryptography.X509Certificates;

namespace ImageGate.Signing.Bundle;

/// <summary>A parsed Sigstore bundle (v0.1–v0.3). Only structure is checked here; the verifier checks the rest.</summary>
internal sealed record SigstoreBundle(
    string MediaType,
    BundleVersion Version,
    X509Certificate2? Leaf,
    IReadOnlyList<X509Certificate2> ExtraCertificates,
    string? PublicKeyHint,
    IReadOnlyList<TlogEntry> TlogEntries,
    IReadOnlyList<byte[]> Rfc3161Timestamps,
    MessageSignature? MessageSignature,
    DsseEnvelope? Dsse);

/// <summary>The bundle format version.</summary>
internal enum BundleVersion { V01, V02, V03 }

/// <summary>A signature over an artifact's digest.</summary>
internal sealed record MessageSignature(string? DigestAlgorithm, byte[]? Digest, byte[] Signature);

/// <summary>A DSSE envelope (exactly one signature in a Sigstore bundle).</summary>
internal sealed record DsseEnvelope(string PayloadType, byte[] Payload, byte[] Signature)
{
    /// <summary>DSSE pre-authentication encoding: <c>DSSEv1 len(type) type len(body) body</c>.</summary>
    public byte[] Pae()
    {
        var type = System.Text.Encoding.UTF8.GetBytes(PayloadType);
        var head = System.Text.Encoding.UTF8.GetBytes(FormattableString.Invariant($"DSSEv1 {type.Length} {PayloadType} {Payload.Length} "));
        return [.. head, .. Payload];
    }
}

/// <summary>A transparency log entry of the bundle.</summary>
internal sealed record TlogEntry(
    long LogIndex,
    byte[] LogId,
    string Kind,
    string KindVersion,
    long IntegratedTime,
    byte[]? SignedEntryTimestamp,
    InclusionProof? InclusionProof,
    byte[] CanonicalizedBody);

/// <summary>An RFC 6962 inclusion proof with its signed checkpoint.</summary>
internal sealed record InclusionProof(long LogIndex, byte[] RootHash, long TreeSize, IReadOnlyList<byte[]> Hashes, string? Checkpoint);
