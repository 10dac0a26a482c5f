using ImageGate.Core.Errors;

namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>A TUF repository served metadata or a target the client workflow must reject: a bad signature, a rollback,
/// expiry, a hash or length mismatch, an oversized file, malformed metadata (a verification failure, exit code 1). The codes are in <see cref="TufReasons"/>.
/// <see cref="VerificationException.Reason"/> is a stable code such as <c>tuf-root-signature</c> or <c>tuf-rollback</c>.
/// A repository that cannot be reached is a <see cref="TufUnavailableException"/>.</summary>
public sealed class TufRepositoryException : VerificationException
{
    /// <summary>Creates the error with a stable reason code and a message naming what was expected and found.</summary>
    public TufRepositoryException(string reason, string message, Exception? inner = null) : base(reason, message, inner) { }
}
