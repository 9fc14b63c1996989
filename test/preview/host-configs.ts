// Host configurations shaped like Microsoft Teams' light and dark themes (its colours, fonts, spacing and its limit
// of six actions), for rendering cards the way Teams shows them.
type Colours = { default: string; subtle: string };

function styles(bg: { default: string; emphasis: string; accent: string; good: string; attention: string; warning: string }, fg: Record<string, Colours>) {
  const foregroundColors = fg;
  return Object.fromEntries(Object.entries(bg).map(([k, backgroundColor]) => [k, { backgroundColor, foregroundColors }]));
}

const common = {
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  fontTypes: {
    default: { fontFamily: "'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif", fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 }, fontWeights: { lighter: 200, default: 400, bolder: 600 } },
    monospace: { fontFamily: "Consolas, 'DejaVu Sans Mono', monospace", fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 }, fontWeights: { lighter: 200, default: 400, bolder: 600 } },
  },
  imageSizes: { small: 32, medium: 52, large: 100 },
  actions: { maxActions: 6, buttonSpacing: 8, showCard: { actionMode: "Inline", inlineTopMargin: 16, style: "emphasis" }, actionsOrientation: "Horizontal", actionAlignment: "Left", allowButtonsToWrap: true },
  adaptiveCard: { allowCustomStyle: false },
  factSet: { title: { size: "Default", color: "Default", isSubtle: false, weight: "Bolder", wrap: true, maxWidth: 150 }, value: { size: "Default", color: "Default", isSubtle: false, weight: "Default", wrap: true }, spacing: 16 },
};

export const TEAMS_LIGHT = {
  ...common,
  separator: { lineThickness: 1, lineColor: "#EEEEEE" },
  containerStyles: styles(
    { default: "#FFFFFF", emphasis: "#F9F8F7", accent: "#C7DEF9", good: "#CCFFCC", attention: "#FFC5B2", warning: "#FFE2B2" },
    {
      default: { default: "#FF252424", subtle: "#BF252424" },
      dark: { default: "#252424", subtle: "#BF252424" },
      light: { default: "#FFFFFF", subtle: "#FFF3F2F1" },
      accent: { default: "#6264A7", subtle: "#8B8CC7" },
      good: { default: "#92C353", subtle: "#E592C353" },
      warning: { default: "#F8D22A", subtle: "#E5F8D22A" },
      attention: { default: "#C4314B", subtle: "#E5C4314B" },
    },
  ),
};

export const TEAMS_DARK = {
  ...common,
  separator: { lineThickness: 1, lineColor: "#3D3D3D" },
  containerStyles: styles(
    { default: "#292929", emphasis: "#1F1F1F", accent: "#3A3B5C", good: "#2C3A21", attention: "#4A2127", warning: "#4A3F1A" },
    {
      default: { default: "#FFFFFF", subtle: "#C8C6C4" },
      dark: { default: "#252424", subtle: "#BF252424" },
      light: { default: "#FFFFFF", subtle: "#FFF3F2F1" },
      accent: { default: "#A6A7DC", subtle: "#8B8CC7" },
      good: { default: "#92C353", subtle: "#E592C353" },
      warning: { default: "#F8D22A", subtle: "#E5F8D22A" },
      attention: { default: "#F9526B", subtle: "#E5F9526B" },
    },
  ),
};

/** What each theme paints around a card (the chat background). */
export const THEMES = {
  light: { hostConfig: TEAMS_LIGHT, page: "#F5F5F5", button: { bg: "#FFFFFF", fg: "#242424", border: "#D1D1D1" } },
  dark: { hostConfig: TEAMS_DARK, page: "#1F1F1F", button: { bg: "#292929", fg: "#FFFFFF", border: "#666666" } },
} as const;
export type Theme = keyof typeof THEMES;
