namespace ImageGate.Site.Sources;

/// <summary>How the site side talks HTTP: retries with exponential back-off (honouring <c>Retry-After</c>),
/// an idle timeout per read and an overall deadline per file.</summary>
public sealed record SiteHttpOptions
{
    /// <summary>Attempts per request without progress (a resumed download that made progress starts counting again).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first retry delay; it doubles per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry delay (also caps <c>Retry-After</c>).</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Give up an attempt when no byte arrives for this long.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Overall deadline for fetching the list or its bundle, retries included.</summary>
    public TimeSpan ListDeadline { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Overall deadline for downloading one image, retries included.</summary>
    public TimeSpan ImageDeadline { get; init; } = TimeSpan.FromHours(6);
}
