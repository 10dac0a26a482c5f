using ImageGate.Core.Errors;

namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>A TUF repository served metadata or a target the client workflow must reject (bad signature, rollback,
/// expiry, hash or length mismatch, oversize), or could not be reached (exit code 3). <see cref="Reason"/> is a stable
/// code such as <c>tuf-root-signature</c> or <c>tuf-rollback</c>.</summary>
public sealed class TufRepositoryException : ExternalToolException
{
    /// <summary>Creates the error with a stable reason code and a message naming what was expected and found.</summary>
    public TufRepositoryException(string reason, string message, Exception? inner = null) : base("tuf", message, inner) => Reason = reason;

    /// <summary>A stable, machine-readable reason code.</summary>
    public string Reason { get; }
}
