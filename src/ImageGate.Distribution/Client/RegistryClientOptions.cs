namespace ImageGate.Distribution.Client;

/// <summary>How the registry client talks to a registry.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>Allow plain HTTP to a registry that is not on the loopback interface (<c>--insecure-registry</c>).
    /// Loopback registries (127.0.0.0/8, ::1, localhost) are always spoken to over plain HTTP.</summary>
    public bool InsecureRegistry { get; init; }

    /// <summary>Attempts per request (429, 5xx and dropped connections are retried).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The longest wait between attempts (a longer <c>Retry-After</c> ends the retries).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The first back-off delay (doubled each attempt) when the registry gives no <c>Retry-After</c>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Multiplies every wait (tests use a small factor).</summary>
    public double DelayScale { get; init; } = 1.0;

    /// <summary>Blobs up to this size go up in one PUT; larger ones in PATCH chunks of this size.</summary>
    public long ChunkSize { get; init; } = 64L * 1024 * 1024;

    /// <summary>Gives up on a request that sends no response headers for this long.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Called once per retry with a message meant for people (no credential in it).</summary>
    public Action<string>? OnRetry { get; init; }
}
