namespace ImageGate.Core.Errors;

/// <summary>Input that cannot be used: a damaged image, a malformed file, a bad option value (exit code 2).</summary>
public class BadInputException : ImageGateException
{
    /// <summary>Creates the error; <paramref name="path"/> names the file at fault when there is one.</summary>
    public BadInputException(string message, string? path = null, Exception? inner = null)
        : base(path is null ? message : $"{path}: {message}", inner) => Path = path;

    /// <summary>The file the problem is in, when known.</summary>
    public string? Path { get; }
}
