using ImageGate.Core.Errors;

namespace ImageGate.Endorsement.Endorsing;

/// <summary>Another writer changed the proposal branch in a way our commit cannot be rebased onto.</summary>
internal sealed class PushConflictException(string branch, string detail)
    : ExternalToolException("git", $"{branch} changed on the list repository and the change conflicts: {detail}");
