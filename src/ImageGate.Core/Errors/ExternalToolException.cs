namespace ImageGate.Core.Errors;

/// <summary>An external program or service (Packer, git, a repository, GitHub) failed or is missing.</summary>
public class ExternalToolException : ImageGateException
{
    /// <summary>Creates the error naming the tool or service.</summary>
    public ExternalToolException(string tool, string message, Exception? inner = null) : base($"{tool}: {message}", inner) => Tool = tool;

    /// <summary>The program or service that failed.</summary>
    public string Tool { get; }
}
