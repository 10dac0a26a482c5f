namespace ImageGate.Distribution.Client;

/// <summary>How a tag was deleted.</summary>
public enum TagDeletion
{
    /// <summary><c>DELETE /v2/NAME/manifests/TAG</c> was accepted.</summary>
    ByTag,

    /// <summary>The registry deletes by digest only (distribution 2.8): the tag was pointed at a unique placeholder
    /// manifest, which was then deleted by digest; the manifest the tag named before is untouched.</summary>
    ByPlaceholder,

    /// <summary>The tag did not exist.</summary>
    Missing,
}
