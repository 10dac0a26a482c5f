namespace ImageGate.Endorsement.Endorsing;

/// <summary>What an endorse or revoke run did.</summary>
public enum ProposalStatus
{
    /// <summary>A new branch (and pull request) was created.</summary>
    Proposed,

    /// <summary>The existing branch (and pull request) was updated.</summary>
    Updated,

    /// <summary>The existing branch already held exactly this change.</summary>
    Unchanged,

    /// <summary>The base branch already holds this change (already endorsed or revoked).</summary>
    AlreadyMerged,
}
