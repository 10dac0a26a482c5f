using ImageGate.Core.Errors;

namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>A TUF repository could not be reached, answered with an error, or does not have a file the workflow needs
/// (exit code 3). <see cref="Reason"/> is <see cref="TufReasons.Unreachable"/> or <see cref="TufReasons.Missing"/>.
/// Metadata the repository served and the client rejected is a <see cref="TufRepositoryException"/>.</summary>
public sealed class TufUnavailableException : ExternalToolException
{
    /// <summary>Creates the error with a stable reason code and a message naming the request that failed.</summary>
    public TufUnavailableException(string reason, string message, Exception? inner = null) : base("tuf", message, inner) => Reason = reason;

    /// <summary>A stable, machine-readable reason code.</summary>
    public string Reason { get; }
}
