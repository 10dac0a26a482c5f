namespace ImageGate.Core.Errors;

/// <summary>A signature, bundle, list or digest failed verification (exit code 1).</summary>
public class VerificationException : ImageGateException
{
    /// <summary>Creates the error with a stable reason code (e.g. <c>list-expired</c>) and a message.</summary>
    public VerificationException(string reason, string message, Exception? inner = null) : base(message, inner) => Reason = reason;

    /// <summary>A stable, machine-readable reason code.</summary>
    public string Reason { get; }
}
