import { eksModule, type EksOutputs } from '../eks';
import type { BuildContext } from '../registry/module';

/** Registry name of the EKS cluster module, which Pod Identity and the add-ons read. */
export const EKS_MODULE = eksModule.name;

/** The `eks` module's outputs, typed by its definition. */
export function eksOutputs(context: BuildContext): EksOutputs {
  return context.dependency(eksModule);
}
