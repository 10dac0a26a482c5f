using ImageGate.Core.Errors;

namespace ImageGate.Core.Http;

/// <summary>A service answered an HTTP status that is an error (exit code 3 when it is final). An attempt run by
/// <see cref="HttpRetry"/> throws it to ask for another attempt when the status is one
/// <see cref="HttpRetryOptions.RetryStatus"/> accepts; it carries the server's <c>Retry-After</c>.</summary>
public sealed class HttpStatusException : ExternalToolException
{
    /// <summary>Creates the error naming the service; <paramref name="message"/> names the request and the status.</summary>
    public HttpStatusException(string service, string message, int statusCode, TimeSpan? retryAfter = null) : base(service, message)
    {
        Detail = message;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The message without the service's name (for a caller that words the final error itself).</summary>
    public string Detail { get; }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The server's <c>Retry-After</c> as a delay from when the answer came, when it gave one.</summary>
    public TimeSpan? RetryAfter { get; }
}
