namespace ImageGate.Core.Errors;

/// <summary>The root of ImageGate's one exception hierarchy; the CLI maps each subtype to an exit code.</summary>
public abstract class ImageGateException : Exception
{
    /// <summary>Creates the exception with a message meant for people (never containing a secret).</summary>
    protected ImageGateException(string message, Exception? inner = null) : base(message, inner) { }
}
