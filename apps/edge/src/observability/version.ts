/** The edge's version, as `joinlink_build_info` and trace resources report it (package.json's; a test keeps them equal). */
export const EDGE_VERSION = '0.0.0'
