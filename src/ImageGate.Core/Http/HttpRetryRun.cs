namespace ImageGate.Core.Http;

/// <summary>What one <see cref="HttpRetry.ExecuteAsync"/> did, for the caller's messages.</summary>
public sealed class HttpRetryRun
{
    /// <summary>The attempts made so far.</summary>
    public int Attempts { get; internal set; }
}
