namespace ImageGate.Core.Http;

/// <summary>What one <see cref="HttpRetry.ExecuteAsync"/> did, for the caller's messages.</summary>
public sealed class HttpRetryRun
{
    /// <summary>The attempts made so far (since the last <see cref="MadeProgress"/>).</summary>
    public int Attempts { get; internal set; }

    /// <summary>Tells the run that the current attempt made progress (a download that keeps what it fetched and
    /// resumes): a failure that follows starts a fresh count, so only attempts in a row that bring nothing use up
    /// <see cref="HttpRetryOptions.MaxAttempts"/>.</summary>
    public void MadeProgress() => Attempts = 0;
}
