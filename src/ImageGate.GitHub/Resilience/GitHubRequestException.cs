using System.Net;
using ImageGate.Core.Errors;

namespace ImageGate.GitHub.Resilience;

/// <summary>A GitHub request that failed for good; names the request and carries the HTTP status when there was one.</summary>
internal sealed class GitHubRequestException(string message, HttpStatusCode? status, Exception inner) : ExternalToolException("GitHub", message, inner)
{
    public HttpStatusCode? Status { get; } = status;
}
