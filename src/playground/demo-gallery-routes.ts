export const DEMO_GALLERY_ROUTE = '/demo';
export const DEMO_GALLERY_SCRIPT_ROUTE = '/demo/gallery.js';
