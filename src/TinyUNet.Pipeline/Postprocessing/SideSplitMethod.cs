namespace TinyUNet.Pipeline.Postprocessing;

/// <summary>How the whole-lung mask was divided into right and left; reported so a reviewer knows how much to trust it.</summary>
public enum SideSplitMethod
{
    /// <summary>Nothing left after cleaning: no lung at all.</summary>
    NoLung,
    /// <summary>The two lungs are separate components; each side is a component (plus small fragments by position).</summary>
    SeparateComponents,
    /// <summary>The lungs touch (one component); it was cut at the patient-x plane of least lung between the two masses.</summary>
    MidlinePlane,
    /// <summary>Only one lung-sized component and no two-lung shape: assigned by its position against the field-of-view centre.</summary>
    SingleComponent,
}
